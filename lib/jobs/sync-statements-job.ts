import { syncAllStatements } from "@/lib/statements/sync-statements";
import type { JobDefinition } from "./job";
import { enqueueOnDemand } from "./enqueue-on-demand";

export const SYNC_STATEMENTS = "statements.sync";

/** Seconds within which several requests to read one account's statements become a single read. */
const BURST_SECONDS = 30;

/**
 * Reads one account's statements (or every account's) soon instead of at the next quarter hour: when it is connected
 * or switched back on, an order on it settled, or cards were imported. A burst becomes one read now and, if more came
 * in, one at the end of the window (pg-boss's next slot), so the last change is always read; each is taken before a
 * scheduled run waiting on the queue.
 */
export async function queueStatementsRead(accountId?: string): Promise<void> {
  await enqueueOnDemand(SYNC_STATEMENTS, accountId ? { accountId } : {}, { singletonKey: `statements:${accountId ?? "all"}`, singletonSeconds: BURST_SECONDS, singletonNextSlot: true });
}

/**
 * Every 15 minutes, at worker start and on demand (queueStatementsRead): each account's lines since its last successful
 * read, and, for each ledger whose last deep re-read is a day old, its last 90 days again (lib/statements/deep-read.ts).
 */
export const syncStatementsJob: JobDefinition<{ accountId?: string; full?: boolean }> = {
  name: SYNC_STATEMENTS,
  schedule: "*/15 * * * *",
  expireInSeconds: 30 * 60,
  run: async (data, db) => {
    const summary = await syncAllStatements(db, { accountId: data.accountId, full: data.full });
    for (const failure of summary.failed) console.warn(`[statements] ${failure.label}: ${failure.message}`);
  },
};
