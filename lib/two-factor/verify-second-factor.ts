import type { DbOrTx } from "@/db/client";
import { claimTotpStep, findTwoFactorState, listUnusedRecoveryCodes, spendRecoveryCode } from "@/db/queries/two-factor";
import { decryptString } from "@/lib/crypto";
import { looksLikeRecoveryCode, matchRecoveryCode } from "./recovery-codes";
import { matchTotpStep } from "./totp";

export type SecondFactorMethod = "totp" | "recovery_code";

/**
 * Checks a code from the user's authenticator, or one of their recovery codes, and consumes it: a TOTP step and a
 * recovery code are each accepted once, atomically, so the same code replayed (even in parallel) is refused.
 * Callers count failures against their rate limit.
 */
export async function verifySecondFactor(db: DbOrTx, userId: string, code: string, now = new Date()): Promise<SecondFactorMethod | null> {
  const secretEncrypted = (await findTwoFactorState(db, userId))?.secretEncrypted ?? null;
  return verifySecondFactorAgainst(db, { userId, secretEncrypted }, code, now);
}

/** The same check against the authenticator secret the caller read (signing in compares it again before the session). */
export async function verifySecondFactorAgainst(
  db: DbOrTx,
  authenticator: { userId: string; secretEncrypted: string | null },
  code: string,
  now = new Date(),
): Promise<SecondFactorMethod | null> {
  const { userId, secretEncrypted } = authenticator;
  if (!secretEncrypted) return null;
  const step = matchTotpStep(code, decryptString(secretEncrypted), now.getTime());
  if (step !== null) return (await claimTotpStep(db, { userId, step })) ? "totp" : null;
  if (!looksLikeRecoveryCode(code)) return null;
  const matched = await matchRecoveryCode(code, await listUnusedRecoveryCodes(db, userId));
  if (matched && (await spendRecoveryCode(db, { id: matched, at: now }))) return "recovery_code";
  return null;
}
