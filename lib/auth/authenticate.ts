import type { Db } from "@/db/client";
import { findUserByEmail, lockSignInCredentials, type UserWithAccess } from "@/db/queries/users";
import { createSession } from "@/db/queries/sessions";
import { auditLimitRefusal } from "@/lib/audit/limit-refusal";
import { record, type AuditContext } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { consumeRateLimit, releaseRateLimitHits, resetRateLimit, type RateLimitCheck, type RateLimitRule, type RateLimitTicket } from "@/lib/rate-limit";
import { checkSignInSecondFactor } from "@/lib/two-factor/sign-in-step";
import { hasUnsafeCharacters, toStorableText } from "@/lib/validation/safe-text";
import { addressLimitKey } from "./address-limit-key";
import { verifyPassword } from "./password";
import type { RequestMeta } from "./session-user";

export type AuthenticateResult =
  | { ok: true; user: UserWithAccess; sessionId: string }
  | { ok: false; reason: "invalid" | "deactivated" | "two_factor_required" | "invalid_code" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * SECURITY: two levels, so that guessing from one address cannot lock the person out everywhere. A tight limit per
 * account and client address stops one source guessing; a much higher one per account across all addresses stops a
 * guess spread over many. Locking an account out everywhere still takes that cap in failures (50 by default) from at
 * least three addresses, since each is held to its per-IP limit (20). One address may try several accounts (an office
 * NAT), but not endlessly.
 */
function rules(): { byEmailAndIp: RateLimitRule; byEmail: RateLimitRule; byIp: RateLimitRule } {
  const { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MINUTES } = env();
  return {
    byEmailAndIp: { bucket: "sign-in:email-ip", max: SIGN_IN_MAX_FAILURES, windowMinutes: SIGN_IN_WINDOW_MINUTES },
    byEmail: { bucket: "sign-in:email", max: SIGN_IN_MAX_FAILURES * 10, windowMinutes: SIGN_IN_WINDOW_MINUTES },
    byIp: { bucket: "sign-in:ip", max: SIGN_IN_MAX_FAILURES * 4, windowMinutes: SIGN_IN_WINDOW_MINUTES },
  };
}

/** One counter per account and client address (an IPv6 /64 counts as one address, as for the per-IP limit). */
function emailAndIpKey(email: string, meta: RequestMeta): string {
  return JSON.stringify([email, addressLimitKey(meta.ip)]);
}

function signInChecks(email: string, meta: RequestMeta): RateLimitCheck[] {
  const { byEmailAndIp, byEmail, byIp } = rules();
  return [
    { rule: byEmailAndIp, key: emailAndIpKey(email, meta) },
    { rule: byEmail, key: email },
    { rule: byIp, key: addressLimitKey(meta.ip) },
  ];
}

/** A sign-in limit's refusal: audited once per window of each limited key (auditLimitRefusal). */
async function refuseLimited(db: Db, context: AuditContext, ticket: Extract<RateLimitTicket, { limited: true }>): Promise<AuthenticateResult> {
  await auditLimitRefusal(db, context, ticket, { action: "auth.sign_in_failed", summary: { reason: "rate_limited" } });
  return { ok: false, reason: "rate_limited", retryAfterSeconds: ticket.retryAfterSeconds };
}

/**
 * A sign-in attempt whose email or password holds characters no person types (NUL, lone surrogates) is refused
 * before anything else. It counts against the same sign-in limits as a wrong password, before it is
 * audited (it is how a probe looks), so it cannot write more rows than wrong passwords could.
 */
export async function recordRejectedSignIn(db: Db, params: { email: string; meta: RequestMeta }): Promise<AuthenticateResult> {
  const email = toStorableText(params.email.trim().toLowerCase().slice(0, 320));
  // Attributed to, and counted against, the account the address names once the bad characters are taken out.
  const named = email.replace(/\uFFFD/g, "");
  const user = await findUserByEmail(db, named);
  const context = { organizationId: user?.organizationId ?? null, actorUserId: user?.id ?? null, actorEmail: email, actorRoles: [], ...params.meta };
  const ticket = await consumeRateLimit(db, signInChecks(named, params.meta));
  if (ticket.limited) return refuseLimited(db, context, ticket);
  await record(db, context, { action: "auth.sign_in_failed", outcome: "denied", summary: { reason: "invalid_characters" } });
  return { ok: false, reason: "invalid" };
}

/**
 * Checks an email and password. Wrong email and wrong password give the same answer (and take as long), failures
 * count towards the limits per account and address, per account and per IP (rules()), and every counted attempt and
 * the first refusal of each limit window are audited (under the user's organisation when the email is one of its
 * users, so that organisation's auditors see attacks on their people).
 */
export async function authenticate(
  db: Db,
  params: { email: string; password: string; code?: string; meta: RequestMeta },
): Promise<AuthenticateResult> {
  if (hasUnsafeCharacters(params.email) || hasUnsafeCharacters(params.password)) return recordRejectedSignIn(db, params);
  const email = params.email.trim().toLowerCase().slice(0, 320);
  const { byEmailAndIp, byIp } = rules();
  const user = await findUserByEmail(db, email);
  const context = {
    organizationId: user?.organizationId ?? null,
    actorUserId: user?.id ?? null,
    actorEmail: email,
    actorRoles: [],
    ...params.meta,
  };

  // The attempt is counted before the password is checked: parallel guesses each take a slot or are refused.
  const ticket = await consumeRateLimit(db, signInChecks(email, params.meta));
  if (ticket.limited) return refuseLimited(db, context, ticket);

  const passwordOk = await verifyPassword(user?.passwordHash ?? null, params.password);
  if (!user || !passwordOk || !user.active) {
    await record(db, context, {
      action: "auth.sign_in_failed",
      outcome: "failure",
      summary: { reason: !user ? "unknown_email" : !passwordOk ? "wrong_password" : "inactive_user" },
    });
    // Said only to whoever gave the account's right password, who may know it exists: with a wrong one, or an unknown
    // address, the answer is the same as for any other miss. Told "incorrect", the person would reset a password that works.
    return { ok: false, reason: user && passwordOk ? "deactivated" : "invalid" };
  }

  // Returns the authenticator this sign-in was checked against, compared again under the person's row lock (below).
  const secondFactor = await checkSignInSecondFactor(db, user, params.code, {
    ...context,
    organizationId: user.organizationId,
    actorUserId: user.id,
    actorRoles: user.roles,
  });
  if (!secondFactor.ok) {
    // SECURITY: the per-IP limit counts failures, and "enter your code" after the right password is the first half of
    // every two-factor sign-in (the form sends the code next), not one: its hit there is given back, or 20 colleagues
    // signing in from one office address would lock the next one out. Its per-account hits stay, so the password alone
    // still runs argon2 at most as often as wrong guesses do. A wrong code, and the limits' refusals, count in full.
    if (secondFactor.reason === "two_factor_required") await releaseRateLimitHits(db, ticket, byIp);
    return secondFactor;
  }

  const maxHours = env().SESSION_MAX_HOURS;
  const session = await db.transaction(async (tx) => {
    // SECURITY: a password reset or change, or a two-factor reset, writes the person's row and then ends their sessions
    // in one transaction. Made under a share lock on that row, this session either commits before that write (and is
    // ended with the others) or is made after it, against the credentials as they now are: a sign-in that checked the
    // old password a moment before a reset must not outlive it.
    const current = await lockSignInCredentials(tx, user.id);
    if (!current || !current.active || current.passwordHash !== user.passwordHash || current.totpSecretEncrypted !== secondFactor.checkedTotpSecret) return null;
    // The person proved themselves from this address: its count starts afresh. The account's count across addresses
    // stays (this attempt's own hits are given back), or each of their sign-ins would hand a spread guess a fresh cap.
    await resetRateLimit(tx, byEmailAndIp, emailAndIpKey(email, params.meta));
    await releaseRateLimitHits(tx, ticket);
    const created = await createSession(tx, {
      userId: user.id,
      expiresAt: new Date(Date.now() + maxHours * 3_600_000),
      ip: params.meta.ip,
      userAgent: params.meta.userAgent,
    });
    await record(tx, { ...context, actorRoles: user.roles }, { action: "auth.signed_in", targetType: "session", targetId: created.id });
    return created;
  });
  if (!session) {
    await record(db, context, { action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "credentials_changed" } });
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, user, sessionId: session.id };
}
