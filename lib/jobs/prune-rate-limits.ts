import { pruneHits } from "@/db/queries/rate-limits";
import { env } from "@/lib/env";
import { REVEAL_WINDOW_MINUTES_RANGE } from "@/lib/settings/ranges";
import { twoFactorDayRule } from "@/lib/two-factor/rate-limit";
import type { JobDefinition } from "./job";

/**
 * SECURITY: hits are kept as long as the longest window counts them (the two-factor day count and its day lock,
 * lib/two-factor/day-lock.ts; a sign-in window set longer than a day; the longest reveal window): pruning sooner
 * would end a lock early. Older hits only cost space.
 */
export function rateLimitKeepMinutes(signInWindowMinutes: number): number {
  return Math.max(twoFactorDayRule().windowMinutes, REVEAL_WINDOW_MINUTES_RANGE.max, signInWindowMinutes);
}

export const pruneRateLimitsJob: JobDefinition = {
  name: "maintenance.prune-rate-limits",
  schedule: "17 * * * *",
  run: async (_data, db) => {
    await pruneHits(db, { before: new Date(Date.now() - rateLimitKeepMinutes(env().SIGN_IN_WINDOW_MINUTES) * 60_000) });
  },
};
