import type { Db, DbOrTx } from "@/db/client";
import { addHit, clearHits, deleteHits, lockHitCounter, windowState } from "@/db/queries/rate-limits";

export type RateLimitRule = { bucket: string; max: number; windowMinutes: number };
export type RateLimitCheck = { rule: RateLimitRule; key: string };
/**
 * A granted attempt holds the hits it recorded (each with its counter's bucket), so an attempt that should not count
 * can give them back, all or one limit's. A refused one says whether it is the first refusal of its window (see
 * consumeRateLimit).
 */
export type RateLimitTicket = { limited: false; hits: { bucket: string; id: string }[] } | { limited: true; retryAfterSeconds: number; firstRefusal: boolean };

/** Where a limit notes that it has refused once in the current window (one hit, not one per refusal). */
const refusalBucket = (rule: RateLimitRule) => `${rule.bucket}:refused`;

/**
 * Counts and records in one step: a sliding window kept in PostgreSQL (shared by every web instance), with the
 * counters locked for the length of the transaction, so parallel attempts cannot all read "4 of 5" and pass.
 * The attempt is recorded before the guarded work runs (the password check, the reveal); all checks pass or
 * none records. Locks are taken in a fixed order so two callers with the same pair cannot deadlock.
 * A refusal records nothing, except the first one of a window for each exceeded check: noted under the same lock, so
 * of any number of parallel refusals exactly one is told `firstRefusal` and can be audited.
 */
export async function consumeRateLimit(db: Db, checks: readonly RateLimitCheck[], now = new Date()): Promise<RateLimitTicket> {
  const ordered = [...checks].sort((a, b) => `${a.rule.bucket}\0${a.key}`.localeCompare(`${b.rule.bucket}\0${b.key}`));
  return db.transaction(async (tx) => {
    let retryAfterSeconds = 0;
    let firstRefusal = false;
    for (const { rule, key } of ordered) {
      await lockHitCounter(tx, { bucket: rule.bucket, key });
      const since = new Date(now.getTime() - rule.windowMinutes * 60_000);
      const { hits, oldest } = await windowState(tx, { bucket: rule.bucket, key, since });
      if (hits >= rule.max) {
        const retryAt = (oldest ?? now).getTime() + rule.windowMinutes * 60_000;
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)));
        const noted = await windowState(tx, { bucket: refusalBucket(rule), key, since });
        if (noted.hits === 0) {
          await addHit(tx, { bucket: refusalBucket(rule), key });
          firstRefusal = true;
        }
      }
    }
    if (retryAfterSeconds > 0) return { limited: true, retryAfterSeconds, firstRefusal };
    const hits: { bucket: string; id: string }[] = [];
    for (const { rule, key } of ordered) hits.push({ bucket: rule.bucket, id: await addHit(tx, { bucket: rule.bucket, key }) });
    return { limited: false, hits };
  });
}

/**
 * Gives back the hits of a granted attempt that turned out not to count (a successful sign-in from a shared IP): all of
 * them, or only the one it recorded under `only`'s limit.
 */
export function releaseRateLimitHits(db: DbOrTx, ticket: Extract<RateLimitTicket, { limited: false }>, only?: RateLimitRule): Promise<void> {
  const released = only ? ticket.hits.filter((hit) => hit.bucket === only.bucket) : ticket.hits;
  return deleteHits(db, { ids: released.map((hit) => hit.id) });
}

/** Starts the window afresh, refusal note included: the next refusal is the first of a new window. */
export async function resetRateLimit(db: DbOrTx, rule: RateLimitRule, key: string): Promise<void> {
  await clearHits(db, { bucket: rule.bucket, key });
  await clearHits(db, { bucket: refusalBucket(rule), key });
}

export function describeRetry(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 1) return "in a minute";
  return minutes < 120 ? `in ${minutes} minutes` : `in ${Math.ceil(minutes / 60)} hours`;
}
