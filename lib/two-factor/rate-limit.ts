import { env } from "@/lib/env";
import type { RateLimitRule } from "@/lib/rate-limit";

/** Wrong second-factor codes, per user, wherever they are typed (sign-in, enrolment, turning it off). */
export function twoFactorRule(): RateLimitRule {
  return { bucket: "two-factor", max: env().SIGN_IN_MAX_FAILURES, windowMinutes: env().SIGN_IN_WINDOW_MINUTES };
}

/**
 * The same wrong codes over a day: the 15-minute limit alone lets someone holding the password try about 480 codes a
 * day for ever. Filling it locks the person's code entry for a full day (day-lock.ts); a right code does not reset it.
 */
export function twoFactorDayRule(): RateLimitRule {
  return { bucket: "two-factor:day", max: 20, windowMinutes: 24 * 60 };
}
