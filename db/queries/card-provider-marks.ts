import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";

/** A mark a card sync puts on a card its provider answers for wrongly: no longer known, or a cancelled card shown open. */
export type CardProviderMark = "providerMissingSince" | "providerReopenedSince";

/** What the mark's audit row and notices need of the card. */
export type MarkedCard = { organizationId: string; teamId: string | null; alias: string; providerCardId: string | null; providerAccountId: string };

const markedCardColumns = {
  organizationId: cards.organizationId,
  teamId: cards.teamId,
  alias: cards.alias,
  providerCardId: cards.providerCardId,
  providerAccountId: cards.providerAccountId,
};

/**
 * Sets the mark unless it is set already: the card, or null when it was marked before (or is gone), so the caller
 * audits a mark once. `touch` also moves updated_at (a sync's older view then no longer overwrites the card).
 */
export async function setCardMark(db: DbOrTx, mark: CardProviderMark, params: { cardId: string; at: Date; touch?: boolean }): Promise<MarkedCard | null> {
  const [row] = await db
    .update(cards)
    .set({ [mark]: params.at, ...(params.touch ? { updatedAt: params.at } : {}) })
    .where(and(eq(cards.id, params.cardId), isNull(cards[mark])))
    .returning(markedCardColumns);
  return row ?? null;
}

/** Clears the mark if it was set: the card, or null when it was not marked. */
export async function clearCardMark(db: DbOrTx, mark: CardProviderMark, params: { cardId: string }): Promise<MarkedCard | null> {
  const [row] = await db
    .update(cards)
    .set({ [mark]: null })
    .where(and(eq(cards.id, params.cardId), isNotNull(cards[mark])))
    .returning(markedCardColumns);
  return row ?? null;
}
