import type { Db } from "@/db/client";
import { findTwoFactorState } from "@/db/queries/two-factor";
import { auditLimitRefusal } from "@/lib/audit/limit-refusal";
import { record, type AuditContext } from "@/lib/audit/record";
import { acceptSecondFactor, consumeSecondFactorAttempt, noteWrongSecondFactor } from "./day-lock";
import { verifySecondFactorAgainst, type SecondFactorMethod } from "./verify-second-factor";

export type SecondFactorOutcome =
  | {
      ok: true;
      method: SecondFactorMethod | null;
      /** The encrypted authenticator secret this sign-in was checked against (null: none), compared again under the lock. */
      checkedTotpSecret: string | null;
    }
  | { ok: false; reason: "two_factor_required" | "invalid_code" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * The second step of signing in, after the password was right: people with an authenticator must also give a
 * current code (or a recovery code). Asking for it is audited. Wrong codes count against the per-user limits and are
 * audited, as is the first refusal of each window of the 15-minute limit (which the step-up and the two-factor forms
 * share) and the day lock once; codes are single-use.
 * `user.hasTotp` is as read with the person's row: without an authenticator then, the one checked is none.
 */
export async function checkSignInSecondFactor(
  db: Db,
  user: { id: string; hasTotp: boolean },
  code: string | undefined,
  context: AuditContext,
): Promise<SecondFactorOutcome> {
  if (!user.hasTotp) return { ok: true, method: null, checkedTotpSecret: null };
  if (!code?.trim()) {
    // SECURITY: this answer tells the sender the password is right, so it is on record as a wrong password is: a
    // code_asked never followed by a sign-in is how a password known to someone else shows. Not a failed sign-in (every
    // sign-in with an authenticator passes here), so the overview's failed sign-ins do not count it. It names no secret;
    // its rows are bounded by the account's sign-in limits, which counted the attempt before the password was checked.
    await record(db, context, { action: "auth.code_asked", outcome: "success", summary: {} });
    return { ok: false, reason: "two_factor_required" };
  }
  const limit = await consumeSecondFactorAttempt(db, user.id); // counted before the check, atomically
  if (limit.limited) {
    await auditLimitRefusal(db, context, limit, { action: "auth.sign_in_failed", summary: { reason: "two_factor_rate_limited" } });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const checkedTotpSecret = (await findTwoFactorState(db, user.id))?.secretEncrypted ?? null;
  const method = await verifySecondFactorAgainst(db, { userId: user.id, secretEncrypted: checkedTotpSecret }, code);
  if (!method) {
    await db.transaction(async (tx) => {
      await record(tx, context, { action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "wrong_two_factor_code" } });
    });
    await noteWrongSecondFactor(db, context, user.id);
    return { ok: false, reason: "invalid_code" };
  }
  await db.transaction(async (tx) => {
    await acceptSecondFactor(tx, user.id, limit);
    if (method === "recovery_code") await record(tx, context, { action: "two_factor.recovery_code_used", targetType: "user", targetId: user.id, summary: { during: "sign_in" } });
  });
  return { ok: true, method, checkedTotpSecret };
}
