import { syncAccountTransactions, syncAllTransactions } from "@/lib/transactions/sync-account";
import type { JobDefinition } from "./job";

export const SYNC_TRANSACTIONS = "transactions.sync";

export type SyncTransactionsData = { accountId?: string; organizationId?: string };

/**
 * Every minute by default (TRANSACTION_SYNC_SCHEDULE, cron in UTC) for every organisation; on demand for one
 * organisation (organizationId) or one account (accountId).
 */
export const syncTransactionsJob: JobDefinition<SyncTransactionsData> = {
  name: SYNC_TRANSACTIONS,
  schedule: process.env.TRANSACTION_SYNC_SCHEDULE || "* * * * *",
  retryLimit: 1,
  run: async (data, db) => {
    // A scheduled run carries no data (null): every active account of every organisation.
    const { accountId, organizationId } = (data as SyncTransactionsData | null) ?? {};
    if (accountId) await syncAccountTransactions(db, accountId);
    else await syncAllTransactions(db, { organizationId });
  },
};
