import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import type { JobDefinition } from "./job";
import { enqueueOnDemand } from "./enqueue-on-demand";

export const REFRESH_FUNDING = "funding.refresh";

/**
 * Reads one account's funding balances now instead of at the next 5-minute run (once for a burst of requests), taken
 * before a scheduled run waiting on the queue.
 */
export async function queueFundingRefresh(accountId: string): Promise<void> {
  await enqueueOnDemand(REFRESH_FUNDING, { accountId }, { singletonKey: `funding:${accountId}`, singletonSeconds: 5 });
}

/** Every 5 minutes, at worker start, and after each settled order (for that order's account). */
export const refreshFundingJob: JobDefinition<{ accountId?: string }> = {
  name: REFRESH_FUNDING,
  schedule: "*/5 * * * *",
  run: async (data, db) => {
    const summary = await refreshAllFunding(db, { accountId: data.accountId });
    for (const failure of summary.failed) console.warn(`[funding] ${failure.label}: ${failure.message}`);
  },
};
