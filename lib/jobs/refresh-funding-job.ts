import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import type { JobDefinition } from "./job";

export const REFRESH_FUNDING = "funding.refresh";

/** Every 5 minutes, at worker start, and after each settled order (for that order's account). */
export const refreshFundingJob: JobDefinition<{ accountId?: string }> = {
  name: REFRESH_FUNDING,
  schedule: "*/5 * * * *",
  run: async (data, db) => {
    const summary = await refreshAllFunding(db, { accountId: data.accountId });
    for (const failure of summary.failed) console.warn(`[funding] ${failure.label}: ${failure.message}`);
  },
};
