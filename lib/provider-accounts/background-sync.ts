import type { BackgroundSyncHealth, BackgroundSyncKind, SyncHealth } from "@/db/queries/provider-sync-status";
import { supports, type ProviderCapabilities } from "@/lib/providers/interface";

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

/** What a provider must offer for each read to mean anything. */
const OFFERED: Record<BackgroundSyncKind, (capabilities: ProviderCapabilities) => boolean> = {
  transactions: (capabilities) => supports(capabilities, "listTransactions"),
  "transactions.deep": (capabilities) => supports(capabilities, "listTransactions"),
  webhooks: (capabilities) => capabilities.webhooks,
  funding: (capabilities) => supports(capabilities, "fundingBalances"),
  statements: (capabilities) => supports(capabilities, "accountLogs"),
  products: (capabilities) => supports(capabilities, "listProducts"),
};

/**
 * The reads a provider offers at all: the statements job records a read with nothing for Card OPEN-API, which keeps
 * no statement, and listing it would say there is one.
 */
export function readsOffered(reads: readonly BackgroundSyncHealth[], capabilities: ProviderCapabilities): BackgroundSyncHealth[] {
  return reads.filter((read) => OFFERED[read.kind](capabilities));
}

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
