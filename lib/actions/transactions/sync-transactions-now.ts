"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { enqueue } from "@/lib/jobs/queue";
import { SYNC_TRANSACTIONS } from "@/lib/jobs/sync-transactions-job";

/** Asks every provider account for new transactions now instead of at the next scheduled pull (at most every 20 s). */
export const syncTransactionsNowAction = guardedAction({
  permission: "transaction.view",
  input: z.object({}).strict(),
  run: async () => {
    await enqueue(
      SYNC_TRANSACTIONS,
      {},
      { singletonKey: "transactions.sync:on-demand", singletonSeconds: 20 },
    );
    return { queued: true };
  },
});
