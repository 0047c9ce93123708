import type { BackgroundSyncHealth, BackgroundSyncKind, SyncHealth } from "@/db/queries/provider-sync-status";

export const BACKGROUND_SYNC_LABELS: Record<BackgroundSyncKind, string> = {
  transactions: "Transactions",
  // lib/transactions/deep-reread.ts: the days of lib/statements/deep-read.ts DEEP_DAYS.
  "transactions.deep": "Transactions, full re-read of the last 90 days",
  webhooks: "Webhooks",
  funding: "Funding balances",
  statements: "Statements",
  products: "Products",
};

const ORDER = Object.keys(BACKGROUND_SYNC_LABELS) as BackgroundSyncKind[];

/** Whether the newest attempt failed: an error after the last success (or with no success yet). */
export function isFailing(health: Pick<SyncHealth, "lastSuccessAt" | "lastErrorAt">): boolean {
  return health.lastErrorAt !== null && (health.lastSuccessAt === null || health.lastErrorAt > health.lastSuccessAt);
}

/** One account's background reads, in a fixed order (transactions first): what the settings page lists. */
export function backgroundSyncOf(rows: readonly BackgroundSyncHealth[], accountId: string): BackgroundSyncHealth[] {
  return rows.filter((row) => row.accountId === accountId).sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** The reads of one account whose newest attempt failed. */
export function failingBackgroundSync(rows: readonly BackgroundSyncHealth[], accountId: string): BackgroundSyncHealth[] {
  return backgroundSyncOf(rows, accountId).filter(isFailing);
}
