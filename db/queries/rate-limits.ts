import { and, count, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitHits } from "@/db/schema/rate-limits";

export async function countRecentHits(db: DbOrTx, params: { bucket: string; key: string; since: Date }): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, params.bucket), eq(rateLimitHits.key, params.key), gte(rateLimitHits.createdAt, params.since)));
  return row?.value ?? 0;
}

export async function oldestRecentHit(db: DbOrTx, params: { bucket: string; key: string; since: Date }): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: rateLimitHits.createdAt })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, params.bucket), eq(rateLimitHits.key, params.key), gte(rateLimitHits.createdAt, params.since)))
    .orderBy(rateLimitHits.createdAt)
    .limit(1);
  return row?.createdAt ?? null;
}

export async function addHit(db: DbOrTx, params: { bucket: string; key: string }): Promise<void> {
  await db.insert(rateLimitHits).values({ bucket: params.bucket, key: params.key });
}

export async function clearHits(db: DbOrTx, params: { bucket: string; key: string }): Promise<void> {
  await db.delete(rateLimitHits).where(and(eq(rateLimitHits.bucket, params.bucket), eq(rateLimitHits.key, params.key)));
}

export async function pruneHits(db: DbOrTx, params: { before: Date }): Promise<void> {
  await db.delete(rateLimitHits).where(lt(rateLimitHits.createdAt, params.before));
}
