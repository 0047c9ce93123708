import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import type { CardStatus } from "@/lib/providers/types";

export type CardRow = typeof cards.$inferSelect;
export type NewCard = typeof cards.$inferInsert;

/** The states a card closes in for good while the provider may still hold money on it (failed never opened). */
export const CLOSED_CARD_STATUSES: readonly CardStatus[] = ["cancelled", "expired"];

/**
 * closed_at follows every write of status: set when the card enters a closed state, to `closedSince` when the caller
 * knows when it closed (its provider says so) and to now() otherwise (kept when it only moves between them, expired to
 * cancelled, or is written closed again), cleared when it leaves them. A value the caller gives is kept as given.
 */
function withClosedAt<T extends Partial<NewCard>>(values: T, closedSince: Date | null = null): T | (T & { closedAt: Date | SQL | null }) {
  if (values.status === undefined || "closedAt" in values) return values;
  if (!CLOSED_CARD_STATUSES.includes(values.status)) return { ...values, closedAt: null };
  // The row's status before this write: a card already closed keeps its date, or its lack of one (imported closed).
  const wasClosed = sql.join(CLOSED_CARD_STATUSES.map((status) => sql`${status}`), sql`, `);
  const closesAt = closedSince ? sql`${sql.param(closedSince, cards.closedAt)}::timestamptz` : sql`now()`;
  return { ...values, closedAt: sql`case when ${cards.status} in (${wasClosed}) then ${cards.closedAt} else ${closesAt} end` };
}

export async function insertCard(db: DbOrTx, values: NewCard): Promise<CardRow> {
  const closedAt = values.closedAt === undefined && values.status && CLOSED_CARD_STATUSES.includes(values.status) ? new Date() : values.closedAt;
  const [row] = await db.insert(cards).values({ ...values, closedAt }).returning();
  if (!row) throw new Error("card insert returned nothing");
  return row;
}

export async function findCard(db: DbOrTx, id: string): Promise<CardRow | null> {
  const [row] = await db.select().from(cards).where(eq(cards.id, id)).limit(1);
  return row ?? null;
}

/** Locks the card for the rest of the transaction: one change at a time per card. */
export async function lockCard(db: DbOrTx, id: string): Promise<CardRow | null> {
  const [row] = await db.select().from(cards).where(eq(cards.id, id)).for("update").limit(1);
  return row ?? null;
}

export async function findCardByProviderId(db: DbOrTx, params: { providerAccountId: string; providerCardId: string }): Promise<CardRow | null> {
  const [row] = await db
    .select()
    .from(cards)
    .where(and(eq(cards.providerAccountId, params.providerAccountId), eq(cards.providerCardId, params.providerCardId)))
    .limit(1);
  return row ?? null;
}

export async function updateCard(db: DbOrTx, id: string, values: Partial<NewCard>): Promise<CardRow> {
  const [row] = await db.update(cards).set({ ...withClosedAt(values), updatedAt: new Date() }).where(eq(cards.id, id)).returning();
  if (!row) throw new Error(`card ${id} vanished during update`);
  return row;
}

/**
 * Money boundary: cancellation is final at every provider, so a provider's view never moves a cancelled row to another
 * status nor clears its closed_at. Decided on the row as written, not on a copy the caller read earlier (a cancel may
 * settle after that copy was read); the caller sees the row stay cancelled in what the write returns.
 */
function keepingCancelled<T extends Partial<NewCard>>(values: T, closedSince: Date | null) {
  const written = withClosedAt(values, closedSince);
  if (values.status === undefined || values.status === "cancelled") return written;
  const isCancelled = sql`${cards.status} = 'cancelled'`;
  const closedAt = written.closedAt === undefined ? cards.closedAt : written.closedAt;
  return {
    ...written,
    status: sql`case when ${isCancelled} then ${cards.status} else ${values.status} end`,
    closedAt: sql`case when ${isCancelled} then ${cards.closedAt} else ${closedAt} end`,
  };
}

/**
 * updateCard, unless the card changed after `since` (an order settled, someone edited it): then nothing is written
 * and null is returned. For a provider's view read at `since`, which must not overwrite what happened after it; a
 * cancelled card stays cancelled whatever the view says (keepingCancelled). `closedSince`: when the view says the card
 * closed, its closed_at if this write is the one that closes it (withClosedAt).
 */
export async function updateCardUnlessChangedSince(db: DbOrTx, id: string, values: Partial<NewCard>, since: Date, closedSince: Date | null = null): Promise<CardRow | null> {
  const [row] = await db
    .update(cards)
    .set({ ...keepingCancelled(values, closedSince), updatedAt: new Date() })
    .where(and(eq(cards.id, id), lte(cards.updatedAt, since)))
    .returning();
  return row ?? null;
}

/**
 * The open cards of an account, which the syncs read every time: all but the closed ones (cancelled or expired, read
 * as closedCardsToRecheckQuery selects them) and failed ones (never issued, never read).
 */
export async function listSyncableCards(db: DbOrTx, params: { providerAccountId: string }): Promise<CardRow[]> {
  return db
    .select()
    .from(cards)
    .where(and(eq(cards.providerAccountId, params.providerAccountId), isNotNull(cards.providerCardId), notInArray(cards.status, [...CLOSED_CARD_STATUSES, "failed"])));
}

/**
 * Closed (cancelled or expired) cards of an account whose transaction history has not been read back yet: those
 * Cardhub took in at or after `takenInSince` (every closed card when null: the account's first pull) and those named in
 * `providerCardIds` (a read that failed or is under way). A card closed before any read still has history: the spend
 * it made while open.
 */
export async function listClosedCardsToReadBack(
  db: DbOrTx,
  params: { providerAccountId: string; takenInSince: Date | null; providerCardIds: string[] },
): Promise<CardRow[]> {
  const unread = [
    params.takenInSince === null ? sql`true` : gte(cards.createdAt, params.takenInSince),
    params.providerCardIds.length > 0 ? inArray(cards.providerCardId, params.providerCardIds) : undefined,
  ].filter((condition) => condition !== undefined);
  return db
    .select()
    .from(cards)
    .where(and(eq(cards.providerAccountId, params.providerAccountId), inArray(cards.status, [...CLOSED_CARD_STATUSES]), isNotNull(cards.providerCardId), or(...unread)));
}

/**
 * `read`: whose last read `syncedBefore` bounds: the card sync's (cards.last_synced_at, the default) or the NobePay
 * transaction sweep's (cards.transactions_read_at). Without `syncedBefore`, whatever the last read.
 */
export type ClosedCardsToRecheck = { providerAccountId: string; closedSince: Date; syncedBefore?: Date; limit: number; read?: "card" | "transactions" };

/**
 * Closed (cancelled or expired) cards of an account that closed at or after `closedSince` and, when `syncedBefore` is
 * given, were last read before it, before they closed, or never, most recently closed first. Read through cards_closed_recheck_idx: its
 * predicate is written here in the same literals.
 */
export function closedCardsToRecheckQuery(db: DbOrTx, params: ClosedCardsToRecheck) {
  const lastRead = params.read === "transactions" ? cards.transactionsReadAt : cards.lastSyncedAt;
  return db
    .select()
    .from(cards)
    .where(
      and(
        eq(cards.providerAccountId, params.providerAccountId),
        sql`${cards.status} in ('cancelled', 'expired') and ${cards.providerCardId} is not null`,
        gte(cards.closedAt, params.closedSince),
        // A card not read since it closed is due at once: its balance after the close (a cancellation returns it) is
        // known only from a read, and the one after the cancel may have been lost (the process stopped).
        params.syncedBefore === undefined ? undefined : or(isNull(lastRead), lt(lastRead, params.syncedBefore), lt(lastRead, cards.closedAt)),
      ),
    )
    .orderBy(desc(cards.closedAt), desc(cards.id))
    .limit(params.limit);
}

export async function listClosedCardsToRecheck(db: DbOrTx, params: ClosedCardsToRecheck): Promise<CardRow[]> {
  return closedCardsToRecheckQuery(db, params);
}

/**
 * Records that the transaction sweep read a closed card's list through, in a read that began at `readSince`: the
 * card's next read starts no later. Not a change of the card: updated_at stays, so a card sync's read of the provider
 * made before this still applies.
 */
export async function recordTransactionsRead(db: DbOrTx, cardId: string, readSince: Date): Promise<void> {
  await db.update(cards).set({ transactionsReadAt: readSince }).where(eq(cards.id, cardId));
}
