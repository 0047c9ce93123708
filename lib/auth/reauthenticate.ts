import type { Db } from "@/db/client";
import { markReauthenticated } from "@/db/queries/sessions";
import { getTotpSecretEncrypted, findUserById } from "@/db/queries/users";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { verifySecondFactor } from "@/lib/two-factor/verify-second-factor";
import { wrongSecondFactorMessage } from "@/lib/two-factor/wrong-code";
import { describeRetry } from "@/lib/rate-limit";
import { verifyPassword } from "./password";
import { countReauthenticationAttempt, recordReauthenticationFailure, resetReauthenticationLimits, type ReauthenticationAttempt } from "./reauthentication-limit";
import { auditContextFor, type RequestMeta, type SessionUser } from "./session-user";

export const STEP_UP_MINUTES = 5;

export function hasFreshStepUp(user: Pick<SessionUser, "reauthenticatedAt">, now = new Date()): boolean {
  return now.getTime() - user.reauthenticatedAt.getTime() < STEP_UP_MINUTES * 60_000;
}

/**
 * Step-up: the signed-in person proves again it is them, with their authenticator code when they enrolled one,
 * otherwise their password. Success is stamped on the session (not the user), so it covers this browser only.
 */
export async function reauthenticate(db: Db, user: SessionUser, meta: RequestMeta, input: { password?: string; code?: string }): Promise<{ until: Date }> {
  const context = auditContextFor(user, meta);
  const encryptedSecret = await getTotpSecretEncrypted(db, user.id);
  if (encryptedSecret ? !input.code : !input.password) {
    throw encryptedSecret
      ? new ActionError("invalid_input", "Enter the code from your authenticator app.", { code: "Enter the 6-digit code." })
      : new ActionError("invalid_input", "Enter your password.", { password: "Enter your password." });
  }
  const attempt: ReauthenticationAttempt = { userId: user.id, sessionId: user.sessionId, method: encryptedSecret ? "totp" : "password" };
  const limit = await countReauthenticationAttempt(db, context, attempt);
  if (limit.limited) throw new ActionError("rate_limited", `Too many failed attempts. Try again ${describeRetry(limit.retryAfterSeconds)}.`);

  let ok: boolean;
  if (encryptedSecret) {
    // Single-use: a code (or recovery code) accepted once, at sign-in or here, is refused the second time.
    ok = (await verifySecondFactor(db, user.id, input.code!)) !== null;
  } else {
    const stored = await findUserById(db, user.id);
    ok = await verifyPassword(stored?.passwordHash ?? null, input.password!);
  }

  const now = new Date();
  if (!ok) {
    await recordReauthenticationFailure(db, context, attempt);
    // One text, as the message and on the field.
    const [field, message] = encryptedSecret ? ["code", wrongSecondFactorMessage(input.code!)] : ["password", "That password is not right."];
    throw new ActionError("invalid_input", message, { [field]: message });
  }
  await db.transaction(async (tx) => {
    await resetReauthenticationLimits(tx, attempt, limit.granted);
    await markReauthenticated(tx, { id: user.sessionId, at: now });
    await record(tx, context, { action: "auth.reauthenticated", targetType: "session", targetId: user.sessionId, summary: { method: attempt.method } });
  });
  return { until: new Date(now.getTime() + STEP_UP_MINUTES * 60_000) };
}
