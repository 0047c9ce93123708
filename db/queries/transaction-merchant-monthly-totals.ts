import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Recomputes one organisation's merchant monthly totals from its transactions. The triggers keep them exact on every
 * write; this is for loads that bypass triggers (the bench's bulk insert under session_replication_role = replica)
 * and for repair.
 */
export async function rebuildMerchantMonthlyTotals(db: DbOrTx, organizationId: string): Promise<void> {
  await db.execute(sql`delete from transaction_merchant_monthly_totals where organization_id = ${organizationId}`);
  await db.execute(sql`
    insert into transaction_merchant_monthly_totals (organization_id, month, currency, merchant, spent, purchases)
    select r.organization_id, date_trunc('month', r.occurred_at at time zone 'UTC')::date, r.currency, transaction_merchant_key(r.merchant_name),
      sum(c.spent), sum(transaction_is_purchase(r.direction, r.type, r.status))
    from transactions r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    where r.organization_id = ${organizationId} and (c.spent <> 0 or transaction_is_purchase(r.direction, r.type, r.status) <> 0)
    group by 1, 2, 3, 4`);
}
