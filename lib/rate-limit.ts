import type { Db, DbOrTx } from "@/db/client";
import { addHit, clearHits, deleteHits, lockHitCounter, windowState } from "@/db/queries/rate-limits";

export type RateLimitRule = { bucket: string; max: number; windowMinutes: number };
export type RateLimitCheck = { rule: RateLimitRule; key: string };
/** A granted attempt holds the hits it recorded, so a success that should not count can give them back. */
export type RateLimitTicket = { limited: false; hitIds: string[] } | { limited: true; retryAfterSeconds: number };

/**
 * Counts and records in one step: a sliding window kept in PostgreSQL (shared by every web instance), with the
 * counters locked for the length of the transaction, so parallel attempts cannot all read "4 of 5" and pass.
 * The attempt is recorded before the guarded work runs (the password check, the reveal); all checks pass or
 * none records. Locks are taken in a fixed order so two callers with the same pair cannot deadlock.
 */
export async function consumeRateLimit(db: Db, checks: readonly RateLimitCheck[], now = new Date()): Promise<RateLimitTicket> {
  const ordered = [...checks].sort((a, b) => `${a.rule.bucket}\0${a.key}`.localeCompare(`${b.rule.bucket}\0${b.key}`));
  return db.transaction(async (tx) => {
    let retryAfterSeconds = 0;
    for (const { rule, key } of ordered) {
      await lockHitCounter(tx, { bucket: rule.bucket, key });
      const since = new Date(now.getTime() - rule.windowMinutes * 60_000);
      const { hits, oldest } = await windowState(tx, { bucket: rule.bucket, key, since });
      if (hits >= rule.max) {
        const retryAt = (oldest ?? now).getTime() + rule.windowMinutes * 60_000;
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)));
      }
    }
    if (retryAfterSeconds > 0) return { limited: true, retryAfterSeconds };
    const hitIds: string[] = [];
    for (const { rule, key } of ordered) hitIds.push(await addHit(tx, { bucket: rule.bucket, key }));
    return { limited: false, hitIds };
  });
}

/** Gives back the hits of a granted attempt that turned out not to count (a successful sign-in from a shared IP). */
export function releaseRateLimitHits(db: DbOrTx, ticket: Extract<RateLimitTicket, { limited: false }>): Promise<void> {
  return deleteHits(db, { ids: ticket.hitIds });
}

export function resetRateLimit(db: DbOrTx, rule: RateLimitRule, key: string): Promise<void> {
  return clearHits(db, { bucket: rule.bucket, key });
}

export function describeRetry(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
}
