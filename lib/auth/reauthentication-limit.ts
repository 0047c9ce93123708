import type { Db, DbOrTx } from "@/db/client";
import { auditLimitRefusal } from "@/lib/audit/limit-refusal";
import { record, type AuditContext } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { consumeRateLimit, resetRateLimit, type RateLimitRule, type RateLimitTicket } from "@/lib/rate-limit";
import { acceptSecondFactor, consumeSecondFactorAttempt, noteWrongSecondFactor } from "@/lib/two-factor/day-lock";

type GrantedTicket = Extract<RateLimitTicket, { limited: false }>;

/** Wrong passwords or codes a signed-in person types to prove again it is them, per person, whatever form asks. */
export function reauthenticationRule(): RateLimitRule {
  return { bucket: "reauthenticate", max: env().SIGN_IN_MAX_FAILURES, windowMinutes: env().SIGN_IN_WINDOW_MINUTES };
}

/**
 * One attempt to prove it is them: the step-up dialog, or the current password when changing it. `during` names the
 * form when it is not the step-up itself, for the audit rows.
 */
export type ReauthenticationAttempt = { userId: string; sessionId: string; method: "password" | "totp"; during?: "password_change" };

const where = (attempt: ReauthenticationAttempt) => (attempt.during ? { during: attempt.during } : {});

/**
 * SECURITY: every form that checks the same secret of a signed-in person counts in one limit, so that a borrowed
 * session gets one budget of guesses, not one per form. An authenticator code counts in the person's two-factor limits
 * too (15 minutes and a day), which signing in, turning two-factor off and new recovery codes share.
 */
function consumeAttempt(db: Db, attempt: ReauthenticationAttempt): Promise<RateLimitTicket> {
  const own = { rule: reauthenticationRule(), key: attempt.userId };
  return attempt.method === "totp" ? consumeSecondFactorAttempt(db, attempt.userId, [own]) : consumeRateLimit(db, [own]);
}

/**
 * Counts the attempt before the secret is checked, all its limits in one locked step, so parallel guesses cannot run
 * past them. A refusal is audited once per limit window, as sign-in's are: the ones after it change nothing.
 */
export async function countReauthenticationAttempt(
  db: Db,
  context: AuditContext,
  attempt: ReauthenticationAttempt,
): Promise<{ limited: false; granted: GrantedTicket } | { limited: true; retryAfterSeconds: number }> {
  const ticket = await consumeAttempt(db, attempt);
  if (!ticket.limited) return { limited: false, granted: ticket };
  const summary = { reason: "rate_limited", method: attempt.method, ...where(attempt) };
  await auditLimitRefusal(db, context, ticket, { action: "auth.reauthentication_failed", targetType: "session", targetId: attempt.sessionId, summary });
  return { limited: true, retryAfterSeconds: ticket.retryAfterSeconds };
}

export async function recordReauthenticationFailure(db: Db, context: AuditContext, attempt: ReauthenticationAttempt): Promise<void> {
  const summary = { method: attempt.method, ...where(attempt) };
  await record(db, context, { action: "auth.reauthentication_failed", outcome: "failure", targetType: "session", targetId: attempt.sessionId, summary });
  if (attempt.method === "totp") await noteWrongSecondFactor(db, context, attempt.userId);
}

/**
 * The person proved it is them: every limit the attempt counted in starts afresh, as a right code at sign-in does,
 * except the day count of wrong codes, which only gives back this attempt's own hit (acceptSecondFactor).
 */
export async function resetReauthenticationLimits(db: DbOrTx, attempt: ReauthenticationAttempt, granted: GrantedTicket): Promise<void> {
  await resetRateLimit(db, reauthenticationRule(), attempt.userId);
  if (attempt.method === "totp") await acceptSecondFactor(db, attempt.userId, granted);
}
