import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * For a plan test of the closed cards still in their refund window: 20,000 prepaid USD cards of the account (provider
 * ids `${prefix}0` to `${prefix}19999`), every 10th closed (every 20th expired, the others cancelled) on one of the
 * 300 days before `now`, so about 800 are in the 120-day window, more than one run reads, among many closed long ago
 * and many more open. `reads` gives, from the card's number `n`, its card sync's last read and, for a closed card, the
 * transaction sweep's. Set-based; analyses nothing: the caller vacuums and analyses.
 */
export async function insertCardsClosingOverTime(
  db: Db,
  params: { organizationId: string; providerAccountId: string; prefix: string; now: Date; reads: (n: SQL) => { lastSyncedAt?: SQL; transactionsReadAt?: SQL } },
): Promise<void> {
  const reads = params.reads(sql`n`);
  await db.execute(sql`
    insert into cards (organization_id, provider_account_id, provider_card_id, card_model, alias, currency, status, closed_at, last_synced_at, transactions_read_at)
    select ${params.organizationId}::uuid, ${params.providerAccountId}::uuid, ${params.prefix} || n, 'prepaid', 'Bulk ' || n, 'USD',
      case when n % 20 = 0 then 'expired' when n % 10 = 0 then 'cancelled' else 'active' end,
      case when n % 10 = 0 then ${params.now}::timestamptz - ((n / 10 * 37) % 300) * interval '1 day' end,
      (${reads.lastSyncedAt ?? sql`null`})::timestamptz,
      case when n % 10 = 0 then (${reads.transactionsReadAt ?? sql`null`})::timestamptz end
    from generate_series(0, 19999) as n`);
}
