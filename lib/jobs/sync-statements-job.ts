import { syncAllStatements } from "@/lib/statements/sync-statements";
import type { JobDefinition } from "./job";

export const SYNC_STATEMENTS = "statements.sync";

/** Every 15 minutes and at worker start: each account's statement lines since its last successful read. */
export const syncStatementsJob: JobDefinition<{ accountId?: string; full?: boolean }> = {
  name: SYNC_STATEMENTS,
  schedule: "*/15 * * * *",
  expireInSeconds: 30 * 60,
  run: async (data, db) => {
    const summary = await syncAllStatements(db, { accountId: data.accountId, full: data.full });
    for (const failure of summary.failed) console.warn(`[statements] ${failure.label}: ${failure.message}`);
  },
};
