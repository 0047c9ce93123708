import type { Db, DbOrTx } from "@/db/client";
import { findPerson } from "@/db/queries/people";
import { addHit, clearHits, lockHitCounter, newestHitByKey, windowState } from "@/db/queries/rate-limits";
import { record, type AuditContext } from "@/lib/audit/record";
import { notifyTwoFactorLocked } from "@/lib/notifications/two-factor-lock-notice";
import { consumeRateLimit, releaseRateLimitHits, resetRateLimit, type RateLimitCheck, type RateLimitTicket } from "@/lib/rate-limit";
import { twoFactorDayRule, twoFactorRule } from "./rate-limit";

/** Where the moment a person's code entry locked is noted: one hit per lock, which lasts the day rule's window. */
const LOCK_BUCKET = "two-factor:day-locked";

export type GrantedSecondFactorAttempt = Extract<RateLimitTicket, { limited: false }>;

const lockMs = () => twoFactorDayRule().windowMinutes * 60_000;
const lockSince = (now: Date) => new Date(now.getTime() - lockMs());

/** Until when each of these people's code entry is locked, for those locked now. */
export async function twoFactorLocksOf(db: DbOrTx, userIds: readonly string[], now = new Date()): Promise<Map<string, Date>> {
  const lockedAt = await newestHitByKey(db, { bucket: LOCK_BUCKET, keys: userIds, since: lockSince(now) });
  return new Map([...lockedAt].map(([userId, at]) => [userId, new Date(at.getTime() + lockMs())]));
}

/**
 * SECURITY: counts one second-factor attempt before its code is checked, in the person's 15-minute limit and in their
 * day count of wrong codes, atomically and together with `alsoChecks` (the step-up's own limit), so parallel guesses
 * cannot run past either. While the person's code entry is locked every code is refused, a right one too, uncounted:
 * the lock was audited once when it began (noteWrongSecondFactor), so its refusals write nothing.
 */
export async function consumeSecondFactorAttempt(db: Db, userId: string, alsoChecks: readonly RateLimitCheck[] = [], now = new Date()): Promise<RateLimitTicket> {
  const lockedUntil = (await twoFactorLocksOf(db, [userId], now)).get(userId);
  if (lockedUntil) return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)), firstRefusal: false };
  return consumeRateLimit(db, [...alsoChecks, { rule: twoFactorRule(), key: userId }, { rule: twoFactorDayRule(), key: userId }], now);
}

/**
 * A right code: the 15-minute count starts afresh, but the day count keeps every wrong code (a right one typed between
 * guesses must not hand the guesser a fresh day); only this attempt's own hit is given back, as it was no wrong code.
 */
export async function acceptSecondFactor(db: DbOrTx, userId: string, attempt: GrantedSecondFactorAttempt): Promise<void> {
  await releaseRateLimitHits(db, attempt, twoFactorDayRule());
  await resetRateLimit(db, twoFactorRule(), userId);
}

/**
 * A wrong code, already counted: when it fills the day count, the person's code entry locks for a full day from now,
 * and the lock is audited and the person told. Decided under the day count's own lock, so of parallel wrong codes
 * exactly one locks. SECURITY: the audit row and the notice name no code and no secret.
 */
export async function noteWrongSecondFactor(db: Db, context: AuditContext, userId: string, now = new Date()): Promise<void> {
  const rule = twoFactorDayRule();
  await db.transaction(async (tx) => {
    await lockHitCounter(tx, { bucket: rule.bucket, key: userId });
    const { hits } = await windowState(tx, { bucket: rule.bucket, key: userId, since: lockSince(now) });
    if (hits < rule.max) return;
    if ((await windowState(tx, { bucket: LOCK_BUCKET, key: userId, since: lockSince(now) })).hits > 0) return;
    await addHit(tx, { bucket: LOCK_BUCKET, key: userId, at: now });
    const lockedHours = rule.windowMinutes / 60;
    await record(tx, context, { action: "auth.two_factor_locked", outcome: "denied", targetType: "user", targetId: userId, summary: { wrongCodes: hits, lockedHours } });
    const person = await findPerson(tx, userId);
    if (person) await notifyTwoFactorLocked(tx, { organizationId: person.organizationId, userId, wrongCodes: hits, lockedAt: now, until: new Date(now.getTime() + lockMs()) });
  });
}

/** An administrator's two-factor reset: every count of the person's codes starts afresh, and a lock ends. */
export async function clearSecondFactorCounts(db: DbOrTx, userId: string): Promise<void> {
  await resetRateLimit(db, twoFactorRule(), userId);
  await resetRateLimit(db, twoFactorDayRule(), userId);
  await clearHits(db, { bucket: LOCK_BUCKET, key: userId });
}
