import { looksLikeRecoveryCode } from "./recovery-codes";

/** A code the person's authenticator does not show now (a set-up not yet confirmed: nothing was spent yet). */
export const WRONG_SETUP_CODE = "That code is not right. Codes change every 30 seconds.";

/**
 * Why a second factor was refused where both kinds are accepted (sign-in, step-up, turning two-factor off, new recovery
 * codes): told as the kind of code typed, the way verifySecondFactor tells them apart. Both kinds work once, so either
 * may also have been spent already; only an authenticator's code goes stale with time.
 */
export function wrongSecondFactorMessage(code: string): string {
  return looksLikeRecoveryCode(code) ? "That recovery code is not right, or was already used." : "That code is not right, or was already used. Codes change every 30 seconds.";
}
