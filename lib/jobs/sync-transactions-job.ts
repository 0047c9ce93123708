import { syncAccountTransactions, syncAllTransactions } from "@/lib/transactions/sync-account";
import type { JobDefinition } from "./job";

export const SYNC_TRANSACTIONS = "transactions.sync";

/** Every minute by default (TRANSACTION_SYNC_SCHEDULE, cron in UTC); on demand with an accountId. */
export const syncTransactionsJob: JobDefinition<{ accountId?: string }> = {
  name: SYNC_TRANSACTIONS,
  schedule: process.env.TRANSACTION_SYNC_SCHEDULE || "* * * * *",
  retryLimit: 1,
  run: async (data, db) => {
    // A scheduled run carries no data (null), an on-demand one names its account.
    const accountId = (data as { accountId?: string } | null)?.accountId;
    if (accountId) await syncAccountTransactions(db, accountId);
    else await syncAllTransactions(db);
  },
};
