import { env } from "@/lib/env";
import type { RateLimitRule } from "@/lib/rate-limit";

/** Wrong second-factor codes, per user, wherever they are typed (sign-in, enrolment, turning it off). */
export function twoFactorRule(): RateLimitRule {
  return { bucket: "two-factor", max: env().SIGN_IN_MAX_FAILURES, windowMinutes: env().SIGN_IN_WINDOW_MINUTES };
}
