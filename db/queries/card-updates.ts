import { and, eq, isNotNull, lte, notInArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";

export type CardRow = typeof cards.$inferSelect;
export type NewCard = typeof cards.$inferInsert;

export async function insertCard(db: DbOrTx, values: NewCard): Promise<CardRow> {
  const [row] = await db.insert(cards).values(values).returning();
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
  const [row] = await db.update(cards).set({ ...values, updatedAt: new Date() }).where(eq(cards.id, id)).returning();
  if (!row) throw new Error(`card ${id} vanished during update`);
  return row;
}

/**
 * updateCard, unless the card changed after `since` (an order settled, someone edited it): then nothing is written
 * and null is returned. For a provider's view read at `since`, which must not overwrite what happened after it.
 */
export async function updateCardUnlessChangedSince(db: DbOrTx, id: string, values: Partial<NewCard>, since: Date): Promise<CardRow | null> {
  const [row] = await db
    .update(cards)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(cards.id, id), lte(cards.updatedAt, since)))
    .returning();
  return row ?? null;
}

export async function listSyncableCards(db: DbOrTx, params: { providerAccountId: string }): Promise<CardRow[]> {
  return db
    .select()
    .from(cards)
    .where(and(eq(cards.providerAccountId, params.providerAccountId), isNotNull(cards.providerCardId), notInArray(cards.status, ["cancelled", "failed"])));
}
