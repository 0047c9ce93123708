import { DEFAULT_TRANSACTION_SYNC_SCHEDULE } from "@/lib/env";
import { syncAccountTransactions, syncAllTransactions } from "@/lib/transactions/sync-account";
import type { JobDefinition } from "./job";
import { enqueueOnDemand } from "./enqueue-on-demand";
import { queueReadsOfMovedCards } from "./refresh-card-job";

export const SYNC_TRANSACTIONS = "transactions.sync";

export type SyncTransactionsData = { accountId?: string; organizationId?: string };

/**
 * "Get new transactions": one organisation's accounts now, at most one pull per organisation every 20 s, taken before
 * a scheduled pull waiting on the queue.
 */
export async function queueTransactionsPull(organizationId: string): Promise<void> {
  const data: SyncTransactionsData = { organizationId };
  await enqueueOnDemand(SYNC_TRANSACTIONS, data, { singletonKey: `transactions.sync:on-demand:${organizationId}`, singletonSeconds: 20 });
}

/**
 * Every minute by default (TRANSACTION_SYNC_SCHEDULE, cron in UTC) for every organisation; on demand for one
 * organisation (organizationId) or one account (accountId).
 */
export const syncTransactionsJob: JobDefinition<SyncTransactionsData> = {
  name: SYNC_TRANSACTIONS,
  // Read as the module loads, before env() may be called; `npm run worker` checked the value first (lib/env.ts).
  schedule: process.env.TRANSACTION_SYNC_SCHEDULE || DEFAULT_TRANSACTION_SYNC_SCHEDULE,
  retryLimit: 1,
  run: async (data, db) => {
    // A scheduled run carries no data (null): every active account of every organisation.
    const { accountId, organizationId } = (data as SyncTransactionsData | null) ?? {};
    const summary = accountId ? await syncAccountTransactions(db, accountId) : await syncAllTransactions(db, { organizationId });
    await queueReadsOfMovedCards(summary.movedCardIds);
  },
};
