import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitHits } from "@/db/schema/rate-limits";

export type HitWindow = { bucket: string; key: string; since: Date };

/**
 * Serialises every counter on (bucket, key) until the surrounding transaction ends: the count that follows and the
 * hit it records cannot be interleaved with another request's, so N parallel attempts see 0, 1, 2 … in turn.
 */
export async function lockHitCounter(db: DbOrTx, params: { bucket: string; key: string }): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`rate-limit:${params.bucket}:${params.key}`}, 0))`);
}

/** The number of hits in the window and the oldest one (which decides when the window frees a slot). */
export async function windowState(db: DbOrTx, params: HitWindow): Promise<{ hits: number; oldest: Date | null }> {
  const [row] = await db
    .select({ hits: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${rateLimitHits.createdAt})` })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, params.bucket), eq(rateLimitHits.key, params.key), gte(rateLimitHits.createdAt, params.since)));
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { hits: row?.hits ?? 0, oldest };
}

export async function addHit(db: DbOrTx, params: { bucket: string; key: string; at?: Date }): Promise<string> {
  const [row] = await db
    .insert(rateLimitHits)
    .values({ bucket: params.bucket, key: params.key, ...(params.at ? { createdAt: params.at } : {}) })
    .returning({ id: rateLimitHits.id });
  return String(row!.id);
}

export async function deleteHits(db: DbOrTx, params: { ids: readonly string[] }): Promise<void> {
  if (params.ids.length === 0) return;
  await db.delete(rateLimitHits).where(inArray(rateLimitHits.id, params.ids.map(Number)));
}

export async function clearHits(db: DbOrTx, params: { bucket: string; key: string }): Promise<void> {
  await db.delete(rateLimitHits).where(and(eq(rateLimitHits.bucket, params.bucket), eq(rateLimitHits.key, params.key)));
}

export async function pruneHits(db: DbOrTx, params: { before: Date }): Promise<void> {
  await db.delete(rateLimitHits).where(lt(rateLimitHits.createdAt, params.before));
}

/** The newest hit since `since` of each of `keys` that has one, in one bucket: one range of the lookup index per key. */
export async function newestHitByKey(db: DbOrTx, params: { bucket: string; keys: readonly string[]; since: Date }): Promise<Map<string, Date>> {
  if (params.keys.length === 0) return new Map();
  const rows = await db
    .select({ key: rateLimitHits.key, newest: sql<Date>`max(${rateLimitHits.createdAt})` })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.bucket, params.bucket), inArray(rateLimitHits.key, [...params.keys]), gte(rateLimitHits.createdAt, params.since)))
    .groupBy(rateLimitHits.key);
  return new Map(rows.map((row) => [row.key, new Date(row.newest)]));
}
