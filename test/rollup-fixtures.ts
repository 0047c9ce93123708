import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { LedgerRowInsert } from "@/db/queries/transactions-ingest";
import type { TransactionFilters } from "@/db/queries/transactions";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { LEDGER_STATUSES, type LedgerStatus } from "@/db/schema/transactions";
import { STATUS_RANK } from "@/lib/transactions/ledger-row";

/**
 * What the totals rollups' tests share (the demo organisation's accounts, every rollup filter), and a ledger row that
 * any transactions test can write.
 */
export type RollupAccount = { id: string; provider: string };

/** The organisation's provider accounts, NobePay first (the seeded one the rows default to). */
export async function rollupAccounts(db: Db, organizationId: string): Promise<RollupAccount[]> {
  const rows = await db.select({ id: providerAccounts.id, provider: providerAccounts.provider }).from(providerAccounts).where(eq(providerAccounts.organizationId, organizationId));
  return rows.sort((a, b) => (a.provider === "nobepay" ? -1 : b.provider === "nobepay" ? 1 : 0));
}

/** A ledger row as ingestion writes it: a USD debit purchase at the first account, with only what `values` sets. */
export function ledgerRow(
  at: { organizationId: string; providerAccountId: string },
  key: string,
  values: Partial<LedgerRowInsert> & { status: LedgerStatus; amount: bigint; occurredAt: Date },
): LedgerRowInsert {
  return {
    organizationId: at.organizationId,
    providerAccountId: at.providerAccountId,
    cardId: null,
    ownerUserId: null,
    teamId: null,
    providerTransactionId: key,
    providerCardId: null,
    type: "purchase",
    providerType: null,
    statusRank: STATUS_RANK[values.status],
    providerStatus: values.status,
    direction: "debit",
    currency: "USD",
    authorisedAmount: null,
    authorisedCurrency: null,
    settledAmount: null,
    settledCurrency: null,
    merchantAmount: null,
    merchantCurrency: null,
    merchantName: `Merchant ${key}`,
    merchantCity: null,
    merchantCountry: null,
    merchantCategory: null,
    description: null,
    authCode: null,
    declineReason: null,
    providerDeclineReason: null,
    authorisedAt: null,
    settledAt: null,
    occurredAtFromProvider: true,
    providerUpdatedAt: null,
    ...values,
  };
}

/** Every filter a rollup answers, alone and combined, over the days the tests write (2026-03-01 to 03). */
export function rollupFilterSets(accounts: readonly RollupAccount[]): TransactionFilters[] {
  return [
    {},
    { from: "2026-03-02" },
    { to: "2026-03-01" },
    { from: "2026-03-01", to: "2026-03-01" },
    { from: "2026-03-02", to: "2026-03-03" },
    ...LEDGER_STATUSES.map((status) => ({ status })),
    { currency: "USD" },
    { currency: "JPY", status: "settled" as const },
    { provider: "nobepay" as const },
    { provider: "cardepass" as const, from: "2026-03-02" },
    { accountId: accounts[1]!.id },
    { accountId: accounts[0]!.id, status: "authorised" as const, to: "2026-03-02" },
  ];
}
