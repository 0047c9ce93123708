import type { Db, DbOrTx } from "@/db/client";
import { findCard, updateCard, type NewCard } from "@/db/queries/card-updates";
import type { Card } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";

/** The provider's view of a card as columns of ours. Never a full number: Card has none to give. */
export function cardColumnsFrom(card: Card): Partial<NewCard> {
  const columns: Partial<NewCard> = {
    status: card.status,
    providerStatus: card.providerStatus,
    maskedNumber: card.maskedNumber,
    last4: card.last4,
    lastSyncedAt: new Date(),
  };
  if (card.holderName) columns.holderName = card.holderName;
  if (card.expiryMonth) columns.expiryMonth = card.expiryMonth;
  if (card.expiryYear) columns.expiryYear = card.expiryYear;
  if (card.balance) columns.balance = card.balance.amount;
  if (card.limits) {
    columns.limitPerTransaction = card.limits.perTransaction?.amount ?? null;
    columns.limitLifetime = card.limits.lifetime?.amount ?? null;
    if (card.limits.used) columns.limitUsed = card.limits.used.amount;
  }
  return columns;
}

/** Refreshes one card's status, balance and limits from its provider (after each order, and periodically). */
export async function syncCard(db: Db, cardId: string): Promise<void> {
  const card = await findCard(db, cardId);
  if (!card?.providerCardId) return;
  const provider = await providerForAccount(db, card.providerAccountId);
  const remote = await provider.getCard(card.providerCardId);
  await applyRemoteCard(db, cardId, remote);
}

export async function applyRemoteCard(db: DbOrTx, cardId: string, remote: Card): Promise<void> {
  await updateCard(db, cardId, cardColumnsFrom(remote));
}
