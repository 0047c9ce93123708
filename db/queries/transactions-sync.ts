import { randomUUID } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transactionSyncStates, type TransactionSyncCursor } from "@/db/schema/transactions";

const s = transactionSyncStates;

/**
 * Where a page-numbered walk stands: the last page written (a resumed run re-reads it), the ids on it and the oldest
 * time the walk reached, by which the resumed run makes sure it overlaps what was read.
 */
export type PageWalk = { page: number; pageIds: string[]; reachedAt?: string };

/**
 * The `state` JSON: the cursor walk (Cardepass), plus what page-numbered walks need to resume where a page cap stopped
 * them. The lease token lives in the same JSON (key `leaseToken`) but is never part of this type: only this file reads
 * or writes it.
 */
export type SyncProgress = TransactionSyncCursor & {
  /** Card OPEN-API: the account-wide trade list. */
  walk?: PageWalk;
  /** NobePay: cards are walked in provider-id order; this one and all before it are done in this sweep. */
  cardsDoneThrough?: string;
  /** NobePay: cards whose walk is under way (stopped by the page cap or a crash), by provider card id. */
  cardWalks?: Record<string, PageWalk>;
  /**
   * NobePay: cards whose read failed, or that are left out while their provider does not know them, each with the date
   * its next read must still start from (kept across sweeps).
   */
  cardsBehind?: Record<string, string>;
  /** NobePay: when this sweep first listed the account's cards (less a margin), ISO time. */
  sweepListedAt?: string;
  /**
   * NobePay: the last finished sweep's sweepListedAt, kept across sweeps. A card Cardhub took in at or after it (its
   * created_at) was in no finished sweep: its first read starts at the backfill floor, not at the sweep's start.
   */
  cardsCoveredBefore?: string;
};

export type TransactionSyncState = Omit<typeof s.$inferSelect, "state"> & { state: SyncProgress };

/** One run's hold on an account's pull. Every write of the run is conditional on the token still being there. */
export type SyncLease = { providerAccountId: string; token: string; leaseMs: number };

export class SyncLeaseLostError extends Error {
  constructor(providerAccountId: string) {
    super(`The transaction pull of account ${providerAccountId} ran past its lease and another run took it over.`);
    this.name = "SyncLeaseLostError";
  }
}

const holds = (lease: SyncLease) =>
  and(eq(s.providerAccountId, lease.providerAccountId), sql`${s.state}->>'leaseToken' = ${lease.token}`);
const leaseEnd = (leaseMs: number) => sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval`;
const withToken = (state: SyncProgress, token: string) =>
  sql`${JSON.stringify(state)}::jsonb || jsonb_build_object('leaseToken', ${token}::text)`;

export async function getTransactionSyncState(
  db: DbOrTx,
  providerAccountId: string,
): Promise<TransactionSyncState | null> {
  const [row] = await db.select().from(s).where(eq(s.providerAccountId, providerAccountId)).limit(1);
  if (!row) return null;
  const { leaseToken: _token, ...state } = row.state as SyncProgress & { leaseToken?: string };
  return { ...row, state };
}

/**
 * Saves where the pull stands and renews the lease; call it in the same transaction as the rows of the page it
 * follows. Throws SyncLeaseLostError (rolling that page back) when another run has taken the account over.
 */
export async function saveTransactionSyncState(
  db: DbOrTx,
  lease: SyncLease,
  values: { state: SyncProgress; lastSeenAt?: Date | null; succeeded?: boolean },
): Promise<void> {
  const saved = await db
    .update(s)
    .set({
      state: withToken(values.state, lease.token),
      leaseUntil: leaseEnd(lease.leaseMs),
      ...(values.lastSeenAt !== undefined ? { lastSeenAt: values.lastSeenAt } : {}),
      ...(values.succeeded ? { lastSuccessAt: sql`now()`, lastError: null, lastErrorAt: null } : {}),
      updatedAt: sql`now()`,
    })
    .where(holds(lease))
    .returning({ id: s.providerAccountId });
  if (saved.length === 0) throw new SyncLeaseLostError(lease.providerAccountId);
}

/**
 * Renews the lease without touching where the sweep stands, for a page written outside the sweep (the daily re-read,
 * lib/transactions/deep-reread.ts); call it in that page's transaction. Throws SyncLeaseLostError like a save.
 */
export async function renewTransactionSync(db: DbOrTx, lease: SyncLease): Promise<void> {
  const renewed = await db
    .update(s)
    .set({ leaseUntil: leaseEnd(lease.leaseMs), updatedAt: sql`now()` })
    .where(holds(lease))
    .returning({ id: s.providerAccountId });
  if (renewed.length === 0) throw new SyncLeaseLostError(lease.providerAccountId);
}

/** Records the run's failure, unless another run holds the account by now (its health is not ours to write). */
export async function recordTransactionSyncError(db: DbOrTx, lease: SyncLease, message: string): Promise<void> {
  await db
    .update(s)
    .set({ lastError: message, lastErrorAt: sql`now()`, updatedAt: sql`now()` })
    .where(holds(lease));
}

/** Takes the account's pull lease if nobody holds it (or theirs ran out); null when it is taken. */
export async function claimTransactionSync(
  db: DbOrTx,
  providerAccountId: string,
  leaseMs: number,
): Promise<SyncLease | null> {
  const token = randomUUID();
  await db.insert(s).values({ providerAccountId }).onConflictDoNothing();
  const claimed = await db
    .update(s)
    .set({ leaseUntil: leaseEnd(leaseMs), state: sql`${s.state} || jsonb_build_object('leaseToken', ${token}::text)` })
    .where(and(eq(s.providerAccountId, providerAccountId), or(isNull(s.leaseUntil), lt(s.leaseUntil, sql`now()`))))
    .returning({ id: s.providerAccountId });
  return claimed.length > 0 ? { providerAccountId, token, leaseMs } : null;
}

/** Frees the lease if this run still holds it; a run that outlived its lease leaves the new holder's alone. */
export async function releaseTransactionSync(db: DbOrTx, lease: SyncLease): Promise<void> {
  await db
    .update(s)
    .set({ leaseUntil: null, state: sql`${s.state} - 'leaseToken'` })
    .where(holds(lease));
}

/**
 * Makes the next sweep of the account start no later than `since` (history a provider reports late, such as the
 * dev sandbox's backfilled demo activity). Holds the pull lease while it writes, so a sweep in flight cannot overwrite
 * it; false when the lease stayed taken. A never-pulled account keeps its full first pull. Cards whose read failed
 * keep their own earlier start.
 */
export async function rewindTransactionSync(db: DbOrTx, providerAccountId: string, since: Date, waitMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let lease: SyncLease | null;
  while (!(lease = await claimTransactionSync(db, providerAccountId, 30_000))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    await db
      .update(s)
      .set({
        state: sql`jsonb_strip_nulls(jsonb_build_object('leaseToken', ${lease.token}::text, 'cardsBehind', ${s.state}->'cardsBehind', 'cardsCoveredBefore', ${s.state}->'cardsCoveredBefore'))`,
        lastSeenAt: sql`case when ${s.lastSeenAt} is null then null else least(${s.lastSeenAt}, ${since.toISOString()}::timestamptz) end`,
        updatedAt: sql`now()`,
      })
      .where(holds(lease));
    return true;
  } finally {
    await releaseTransactionSync(db, lease);
  }
}
