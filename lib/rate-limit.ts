import type { DbOrTx } from "@/db/client";
import { addHit, clearHits, countRecentHits, oldestRecentHit } from "@/db/queries/rate-limits";

export type RateLimitRule = { bucket: string; max: number; windowMinutes: number };
export type RateLimitState = { limited: false } | { limited: true; retryAfterSeconds: number };

/** A sliding window kept in PostgreSQL, so every web instance behind the load balancer shares one count. */
export async function checkRateLimit(db: DbOrTx, rule: RateLimitRule, key: string, now = new Date()): Promise<RateLimitState> {
  const since = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const hits = await countRecentHits(db, { bucket: rule.bucket, key, since });
  if (hits < rule.max) return { limited: false };
  const oldest = (await oldestRecentHit(db, { bucket: rule.bucket, key, since })) ?? now;
  const retryAt = oldest.getTime() + rule.windowMinutes * 60_000;
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
}

export function recordRateLimitHit(db: DbOrTx, rule: RateLimitRule, key: string): Promise<void> {
  return addHit(db, { bucket: rule.bucket, key });
}

export function resetRateLimit(db: DbOrTx, rule: RateLimitRule, key: string): Promise<void> {
  return clearHits(db, { bucket: rule.bucket, key });
}

export function describeRetry(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
}
