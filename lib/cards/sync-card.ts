import type { Db, DbOrTx } from "@/db/client";
import { findCard, updateCard, type NewCard } from "@/db/queries/card-updates";
import type { Card } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { clearCardMissingAtProvider, isCardUnknownToProvider, markCardMissingAtProvider } from "./provider-missing";

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

/**
 * Refreshes one card's status, balance and limits from its provider (after each order, and periodically). A provider
 * that answers it does not know the card marks it "Not found at provider" before the error goes on to the caller.
 */
export async function syncCard(db: Db, cardId: string): Promise<void> {
  const card = await findCard(db, cardId);
  if (!card?.providerCardId) return;
  const provider = await providerForAccount(db, card.providerAccountId);
  const remote = await readRemoteCard(db, cardId, () => provider.getCard(card.providerCardId!));
  await applyRemoteCard(db, cardId, remote);
}

/** Reads a card from its provider; "card not found" marks it missing at the provider (then rethrows). */
export async function readRemoteCard(db: DbOrTx, cardId: string, read: () => Promise<Card>): Promise<Card> {
  try {
    return await read();
  } catch (error) {
    if (isCardUnknownToProvider(error)) await markCardMissingAtProvider(db, cardId, error);
    throw error;
  }
}

/** Stores the provider's view of a card; the provider knowing it means it is no longer missing there. */
export async function applyRemoteCard(db: DbOrTx, cardId: string, remote: Card): Promise<void> {
  await updateCard(db, cardId, cardColumnsFrom(remote));
  await clearCardMissingAtProvider(db, cardId);
}
