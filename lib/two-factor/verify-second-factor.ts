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
  // A recovery code (ten letters and digits) is never an authenticator code (six digits). It is checked without the
  // authenticator secret, so a secret that no longer decrypts never locks out the person the codes were made for.
  if (looksLikeRecoveryCode(code)) {
    const matched = await matchRecoveryCode(code, await listUnusedRecoveryCodes(db, userId));
    return matched && (await spendRecoveryCode(db, { id: matched, at: now })) ? "recovery_code" : null;
  }
  const secret = readableSecret(userId, secretEncrypted);
  const step = secret === null ? null : matchTotpStep(code, secret, now.getTime());
  if (step !== null) return (await claimTotpStep(db, { userId, step })) ? "totp" : null;
  return null;
}

/** The authenticator secret, or null (no code matches it) when it does not decrypt under the key in force. */
function readableSecret(userId: string, secretEncrypted: string): string | null {
  try {
    return decryptString(secretEncrypted);
  } catch {
    // SECURITY: names the person only, never the secret, its ciphertext or the key.
    console.warn(`[two-factor] the authenticator secret of user ${userId} does not decrypt under ENCRYPTION_KEY; their authenticator codes are refused until it is reset or the key is fixed (recovery codes still work).`);
    return null;
  }
}
