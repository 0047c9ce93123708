import type { Db } from "@/db/client";
import { updateUserFields } from "@/db/queries/people";
import { findUserById } from "@/db/queries/users";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/end-session";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { countReauthenticationAttempt, recordReauthenticationFailure, resetReauthenticationLimits, type ReauthenticationAttempt } from "@/lib/auth/reauthentication-limit";
import { describeRetry } from "@/lib/rate-limit";
import { refuseWeakPassword } from "./password-strength";

// One text per problem: the form shows the field's message and folds the action's into it when they are the same.
const MUST_DIFFER = "The new password must differ from the current one.";
const CURRENT_NOT_RIGHT = "Your current password is not right.";

/**
 * The signed-in person replaces their password (required after an initial password chosen by an administrator). Every
 * other session of theirs ends: whoever else knew the old password is signed out; the session making the change stays.
 */
export async function changeOwnPassword(
  db: Db,
  context: AuditContext,
  input: { userId: string; sessionId: string; current: string; password: string },
): Promise<void> {
  // Compares the two fields, and judges the new password by itself, so a form mistake costs no guess from the budget below.
  if (input.current === input.password) throw new ActionError("invalid_input", MUST_DIFFER, { password: MUST_DIFFER });
  const user = await findUserById(db, input.userId);
  if (user) refuseWeakPassword(input.password, user);
  // SECURITY: the current password is the secret the step-up asks for. Its guesses count in the step-up's limit and are
  // audited as its failures, so this form is no second, unrecorded budget for someone holding a borrowed session.
  const attempt: ReauthenticationAttempt = { userId: input.userId, sessionId: input.sessionId, method: "password", during: "password_change" };
  const limit = await countReauthenticationAttempt(db, context, attempt);
  if (limit.limited) throw new ActionError("rate_limited", `Too many failed attempts. Try again ${describeRetry(limit.retryAfterSeconds)}.`);
  if (!user || !(await verifyPassword(user.passwordHash, input.current))) {
    await recordReauthenticationFailure(db, context, attempt);
    throw new ActionError("invalid_input", CURRENT_NOT_RIGHT, { current: CURRENT_NOT_RIGHT });
  }
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await resetReauthenticationLimits(tx, attempt, limit.granted);
    await updateUserFields(tx, input.userId, { passwordHash, mustChangePassword: false });
    await endUserSessions(tx, { owner: user, reason: "password_changed", actor: context, exceptSessionId: input.sessionId });
    await record(tx, context, { action: "user.password_set", targetType: "user", targetId: input.userId, summary: { via: "own_change" } });
  });
}
