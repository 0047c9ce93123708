import { and, eq, gte, inArray, isNull, like, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerSyncStatus, type WalkPosition } from "@/db/schema/provider-sync-status";

export type { WalkPosition };

/** One listing's checkpoint: how far it is read (null: never to its end), and the walk under way, if any. */
export type WalkCheckpoint = { listing: string; readUpTo: Date | null; position: WalkPosition | null };

/**
 * Checkpoints live in provider_sync_status under a kind of their own ("walk:<listing>"), which no health screen reads:
 * last_success_at is how far the listing is read, walk_position where a walk under way stopped.
 */
const KIND_PREFIX = "walk:";
const kindOf = (listing: string) => `${KIND_PREFIX}${listing}`;

/** The account's checkpoints whose listing name starts with `prefix`, by listing. */
export async function listWalkCheckpoints(db: DbOrTx, params: { providerAccountId: string; prefix: string }): Promise<Map<string, WalkCheckpoint>> {
  const rows = await db
    .select({ kind: providerSyncStatus.kind, readUpTo: providerSyncStatus.lastSuccessAt, position: providerSyncStatus.walkPosition })
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, params.providerAccountId), like(providerSyncStatus.kind, `${kindOf(params.prefix)}%`)));
  return new Map(
    rows.map((row) => {
      const listing = row.kind.slice(KIND_PREFIX.length);
      return [listing, { listing, readUpTo: row.readUpTo, position: row.position ?? null }];
    }),
  );
}

export async function findWalkCheckpoint(db: DbOrTx, params: { providerAccountId: string; listing: string }): Promise<WalkCheckpoint | null> {
  const [row] = await db
    .select({ readUpTo: providerSyncStatus.lastSuccessAt, position: providerSyncStatus.walkPosition })
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, params.providerAccountId), eq(providerSyncStatus.kind, kindOf(params.listing))));
  return row ? { listing: params.listing, readUpTo: row.readUpTo, position: row.position ?? null } : null;
}

/** Writes checkpoints (a position, or none once its walk reached the end), replacing what each listing had. */
export async function saveWalkCheckpoints(db: DbOrTx, params: { providerAccountId: string; checkpoints: WalkCheckpoint[] }): Promise<void> {
  for (let i = 0; i < params.checkpoints.length; i += 500) {
    const values = params.checkpoints.slice(i, i + 500).map((checkpoint) => ({
      providerAccountId: params.providerAccountId,
      kind: kindOf(checkpoint.listing),
      lastSuccessAt: checkpoint.readUpTo,
      walkPosition: checkpoint.position,
    }));
    await db
      .insert(providerSyncStatus)
      .values(values)
      .onConflictDoUpdate({
        target: [providerSyncStatus.providerAccountId, providerSyncStatus.kind],
        set: { lastSuccessAt: sql`excluded.last_success_at`, walkPosition: sql`excluded.walk_position` },
      });
  }
}

/** Keeps a listing's checkpoint as it is, or writes this one if it has none. */
export async function keepWalkCheckpoint(db: DbOrTx, params: { providerAccountId: string; checkpoint: WalkCheckpoint }): Promise<void> {
  await db
    .insert(providerSyncStatus)
    .values({ providerAccountId: params.providerAccountId, kind: kindOf(params.checkpoint.listing), lastSuccessAt: params.checkpoint.readUpTo })
    .onConflictDoNothing();
}

export async function deleteWalkCheckpoints(db: DbOrTx, params: { providerAccountId: string; listings: string[] }): Promise<void> {
  if (params.listings.length === 0) return;
  await db
    .delete(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, params.providerAccountId), inArray(providerSyncStatus.kind, params.listings.map(kindOf))));
}

/**
 * Drops the checkpoints (of listings starting with `prefix`) that say no more than the account's own mark now does:
 * no walk under way and read up to `readUpTo` or later.
 */
export async function forgetCaughtUpWalks(db: DbOrTx, params: { providerAccountId: string; prefix: string; readUpTo: Date }): Promise<void> {
  await db
    .delete(providerSyncStatus)
    .where(
      and(
        eq(providerSyncStatus.providerAccountId, params.providerAccountId),
        like(providerSyncStatus.kind, `${kindOf(params.prefix)}%`),
        isNull(providerSyncStatus.walkPosition),
        gte(providerSyncStatus.lastSuccessAt, params.readUpTo),
      ),
    );
}
