import type { Db } from "@/db/client";
import { updateUserFields } from "@/db/queries/people";
import { findUserById } from "@/db/queries/users";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/end-session";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { consumeRateLimit, describeRetry, resetRateLimit } from "@/lib/rate-limit";
import { env } from "@/lib/env";

function rule() {
  return { bucket: "change-password", max: env().SIGN_IN_MAX_FAILURES, windowMinutes: env().SIGN_IN_WINDOW_MINUTES };
}

/**
 * The signed-in person replaces their password (required after an initial password chosen by an administrator). Every
 * other session of theirs ends: whoever else knew the old password is signed out; the session making the change stays.
 */
export async function changeOwnPassword(
  db: Db,
  context: AuditContext,
  input: { userId: string; sessionId: string; current: string; password: string },
): Promise<void> {
  const limit = await consumeRateLimit(db, [{ rule: rule(), key: input.userId }]); // counted before the check, atomically
  if (limit.limited) throw new ActionError("rate_limited", `Too many wrong passwords. Try again ${describeRetry(limit.retryAfterSeconds)}.`);
  const user = await findUserById(db, input.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.current))) {
    throw new ActionError("invalid_input", "Your current password is not right.", { current: "That password is not right." });
  }
  if (input.current === input.password) throw new ActionError("invalid_input", "Choose a new password.", { password: "The new password must differ from the current one." });
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await resetRateLimit(tx, rule(), input.userId);
    await updateUserFields(tx, input.userId, { passwordHash, mustChangePassword: false });
    await endUserSessions(tx, { owner: user, reason: "password_changed", actor: context, exceptSessionId: input.sessionId });
    await record(tx, context, { action: "user.password_set", targetType: "user", targetId: input.userId, summary: { via: "own_change" } });
  });
}
