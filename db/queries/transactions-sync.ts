import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transactionSyncStates, type TransactionSyncCursor } from "@/db/schema/transactions";

export type TransactionSyncState = typeof transactionSyncStates.$inferSelect;

export async function getTransactionSyncState(
  db: DbOrTx,
  providerAccountId: string,
): Promise<TransactionSyncState | null> {
  const [row] = await db
    .select()
    .from(transactionSyncStates)
    .where(eq(transactionSyncStates.providerAccountId, providerAccountId))
    .limit(1);
  return row ?? null;
}

/** Saves where the pull stands; call it in the same transaction as the rows of the page it follows. */
export async function saveTransactionSyncState(
  db: DbOrTx,
  providerAccountId: string,
  values: { state: TransactionSyncCursor; lastSeenAt?: Date | null; succeeded?: boolean },
): Promise<void> {
  const set = {
    state: values.state,
    ...(values.lastSeenAt !== undefined ? { lastSeenAt: values.lastSeenAt } : {}),
    ...(values.succeeded ? { lastSuccessAt: sql`now()`, lastError: null, lastErrorAt: null } : {}),
    updatedAt: sql`now()`,
  };
  await db
    .insert(transactionSyncStates)
    .values({ providerAccountId, state: values.state, lastSeenAt: values.lastSeenAt ?? null })
    .onConflictDoUpdate({ target: transactionSyncStates.providerAccountId, set });
}

export async function recordTransactionSyncError(
  db: DbOrTx,
  providerAccountId: string,
  message: string,
): Promise<void> {
  await db
    .insert(transactionSyncStates)
    .values({ providerAccountId, lastError: message, lastErrorAt: new Date() })
    .onConflictDoUpdate({
      target: transactionSyncStates.providerAccountId,
      set: { lastError: message, lastErrorAt: sql`now()`, updatedAt: sql`now()` },
    });
}

/** Takes the account's pull lease if nobody holds it (or theirs ran out). */
export async function claimTransactionSync(
  db: DbOrTx,
  providerAccountId: string,
  leaseMs: number,
): Promise<boolean> {
  await db.insert(transactionSyncStates).values({ providerAccountId }).onConflictDoNothing();
  const claimed = await db
    .update(transactionSyncStates)
    .set({ leaseUntil: sql`now() + ${`${Math.ceil(leaseMs / 1000)} seconds`}::interval` })
    .where(
      and(
        eq(transactionSyncStates.providerAccountId, providerAccountId),
        or(isNull(transactionSyncStates.leaseUntil), lt(transactionSyncStates.leaseUntil, sql`now()`)),
      ),
    )
    .returning({ id: transactionSyncStates.providerAccountId });
  return claimed.length > 0;
}

export async function releaseTransactionSync(db: DbOrTx, providerAccountId: string): Promise<void> {
  await db
    .update(transactionSyncStates)
    .set({ leaseUntil: null })
    .where(eq(transactionSyncStates.providerAccountId, providerAccountId));
}

/**
 * Makes the next sweep of the account start no later than `since` (history a provider reports late, such as the
 * dev sandbox's backfilled demo activity). Holds the pull lease while it writes, so a sweep in flight cannot overwrite
 * it; false when the lease stayed taken. A never-pulled account keeps its full first pull.
 */
export async function rewindTransactionSync(db: DbOrTx, providerAccountId: string, since: Date, waitMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (!(await claimTransactionSync(db, providerAccountId, 30_000))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    await db
      .update(transactionSyncStates)
      .set({
        state: {},
        lastSeenAt: sql`case when ${transactionSyncStates.lastSeenAt} is null then null else least(${transactionSyncStates.lastSeenAt}, ${since.toISOString()}::timestamptz) end`,
        updatedAt: sql`now()`,
      })
      .where(eq(transactionSyncStates.providerAccountId, providerAccountId));
    return true;
  } finally {
    await releaseTransactionSync(db, providerAccountId);
  }
}
