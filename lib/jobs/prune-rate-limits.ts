import { pruneHits } from "@/db/queries/rate-limits";
import type { JobDefinition } from "./job";

const KEEP_HOURS = 24;

/** Rate-limit windows are minutes long; older hits only cost space. */
export const pruneRateLimitsJob: JobDefinition = {
  name: "maintenance.prune-rate-limits",
  schedule: "17 * * * *",
  run: async (_data, db) => {
    await pruneHits(db, { before: new Date(Date.now() - KEEP_HOURS * 3_600_000) });
  },
};
