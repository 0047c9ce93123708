import type { Db } from "@/db/client";
import { findUserByEmail, type UserWithAccess } from "@/db/queries/users";
import { createSession } from "@/db/queries/sessions";
import { record } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { checkRateLimit, recordRateLimitHit, resetRateLimit, type RateLimitRule } from "@/lib/rate-limit";
import { checkSignInSecondFactor } from "@/lib/two-factor/sign-in-step";
import { verifyPassword } from "./password";
import type { RequestMeta } from "./session-user";

export type AuthenticateResult =
  | { ok: true; user: UserWithAccess; sessionId: string }
  | { ok: false; reason: "invalid" | "two_factor_required" | "invalid_code" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

function rules(): { byEmail: RateLimitRule; byIp: RateLimitRule } {
  const { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MINUTES } = env();
  return {
    byEmail: { bucket: "sign-in:email", max: SIGN_IN_MAX_FAILURES, windowMinutes: SIGN_IN_WINDOW_MINUTES },
    // One address may try several accounts (an office NAT), but not endlessly.
    byIp: { bucket: "sign-in:ip", max: SIGN_IN_MAX_FAILURES * 4, windowMinutes: SIGN_IN_WINDOW_MINUTES },
  };
}

/**
 * Checks an email and password. Wrong email and wrong password give the same answer (and take as long), failures
 * count towards a per-email and per-IP limit, and every attempt is audited.
 */
export async function authenticate(
  db: Db,
  params: { email: string; password: string; code?: string; meta: RequestMeta },
): Promise<AuthenticateResult> {
  const email = params.email.trim().toLowerCase().slice(0, 320);
  const ipKey = params.meta.ip ?? "unknown";
  const { byEmail, byIp } = rules();
  const context = { organizationId: null, actorUserId: null, actorEmail: email, actorRoles: [], ...params.meta };

  for (const [rule, key] of [[byEmail, email], [byIp, ipKey]] as const) {
    const state = await checkRateLimit(db, rule, key);
    if (state.limited) {
      await record(db, context, { action: "auth.sign_in_failed", outcome: "denied", summary: { reason: "rate_limited" } });
      return { ok: false, reason: "rate_limited", retryAfterSeconds: state.retryAfterSeconds };
    }
  }

  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, params.password);
  if (!user || !passwordOk || !user.active) {
    await db.transaction(async (tx) => {
      await recordRateLimitHit(tx, byEmail, email);
      await recordRateLimitHit(tx, byIp, ipKey);
      await record(tx, { ...context, organizationId: user?.organizationId ?? null, actorUserId: user?.id ?? null }, {
        action: "auth.sign_in_failed",
        outcome: "failure",
        summary: { reason: !user ? "unknown_email" : !passwordOk ? "wrong_password" : "inactive_user" },
      });
    });
    return { ok: false, reason: "invalid" };
  }

  const secondFactor = await checkSignInSecondFactor(db, user, params.code, {
    ...context,
    organizationId: user.organizationId,
    actorUserId: user.id,
    actorRoles: user.roles,
  });
  if (!secondFactor.ok) return secondFactor;

  const maxHours = env().SESSION_MAX_HOURS;
  const session = await db.transaction(async (tx) => {
    await resetRateLimit(tx, byEmail, email);
    const created = await createSession(tx, {
      userId: user.id,
      expiresAt: new Date(Date.now() + maxHours * 3_600_000),
      ip: params.meta.ip,
      userAgent: params.meta.userAgent,
    });
    await record(
      tx,
      { ...context, organizationId: user.organizationId, actorUserId: user.id, actorRoles: user.roles },
      { action: "auth.signed_in", targetType: "session", targetId: created.id },
    );
    return created;
  });
  return { ok: true, user, sessionId: session.id };
}
