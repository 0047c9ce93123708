"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { queueTransactionsPull } from "@/lib/jobs/sync-transactions-job";

/**
 * Asks the caller's organisation's provider accounts for new transactions now instead of at the next scheduled pull.
 * Any employee may ask, so the pull is their own organisation's only, and at most one per organisation every 20 s.
 */
export const syncTransactionsNowAction = guardedAction({
  permission: "transaction.view",
  input: z.object({}).strict(),
  run: async (_input, { user }) => {
    await queueTransactionsPull(user.organizationId);
    return { queued: true };
  },
});
