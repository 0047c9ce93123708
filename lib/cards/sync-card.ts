import type { Db, DbOrTx } from "@/db/client";
import { findCard, lockCard, updateCardUnlessChangedSince, type NewCard } from "@/db/queries/card-updates";
import { findProduct, type ProductRow } from "@/db/queries/products";
import { findOpenOrder } from "@/db/queries/provider-orders";
import { CurrencyMismatchError } from "@/lib/money";
import type { Card } from "@/lib/providers";
import type { CardStatus } from "@/lib/providers/types";
import { providerLabel } from "@/lib/providers/errors";
import { providerForAccount } from "@/lib/providers/for-account";
import { withdrawRequestsNoLongerNeeded, withdrawRequestsOfClosedCard } from "@/lib/requests/cancel-request";
import { whyCardClosed } from "@/lib/requests/card-closed";
import { recordChangedAtProvider } from "./changed-at-provider";
import { recordProductLinked } from "./product-linked";
import { clearCardMissingAtProvider, isCardUnknownToProvider, markCardMissingAtProvider } from "./provider-missing";
import { followCancelledCardAtProvider } from "./provider-reopened";

/**
 * Money boundary: a card's amounts are kept as bare minor units of the card's currency, so an amount the provider
 * reports in another currency (an adapter's guess gone wrong) is refused rather than stored as a different sum.
 */
function checkCurrency(card: Card, currency: string): void {
  const amounts = { balance: card.balance, "per-transaction limit": card.limits?.perTransaction, "lifetime limit": card.limits?.lifetime, "used limit": card.limits?.used };
  for (const [what, money] of Object.entries(amounts)) {
    if (money && money.currency !== currency) {
      throw new CurrencyMismatchError(
        `${providerLabel(card.provider)} reported the ${what} of card ${card.providerCardId} in ${money.currency}, but Cardhub keeps this card in ${currency}; the card was not updated.`,
      );
    }
  }
}

/** The provider's view of a card as columns of ours, amounts in `currency` (the card's). Never a full number: Card has none to give. */
export function cardColumnsFrom(card: Card, currency: string): Partial<NewCard> {
  checkCurrency(card, currency);
  const columns: Partial<NewCard> = {
    status: card.status,
    providerStatus: card.providerStatus,
    maskedNumber: card.maskedNumber,
    last4: card.last4,
    lastSyncedAt: new Date(),
  };
  // Read again on every sync, so a corrected account time zone moves it too; a time still to come was read wrong.
  if (card.createdAt && card.createdAt.getTime() <= Date.now()) columns.issuedAt = card.createdAt;
  if (card.holderName) columns.holderName = card.holderName;
  if (card.expiryMonth) columns.expiryMonth = card.expiryMonth;
  if (card.expiryYear) columns.expiryYear = card.expiryYear;
  if (card.balance) columns.balance = card.balance.amount;
  if (card.limits) {
    columns.limitPerTransaction = card.limits.perTransaction?.amount ?? null;
    columns.limitLifetime = card.limits.lifetime?.amount ?? null;
    // A detail without usage (Cardepass v2 documents none) makes it unknown, never a stale or assumed zero.
    columns.limitUsed = card.limits.used?.amount ?? null;
  }
  return columns;
}

/**
 * The id of the account's product the provider names for a card (Card.productId: Cardepass productCode, Card OPEN-API
 * bin_id), for a card issued outside Cardhub; null when it names none or Cardhub has not read that product. MONEY: a
 * card's product carries the fee rules its top-ups and withdrawals are quoted.
 */
export async function namedProductId(db: DbOrTx, providerAccountId: string, remote: Card): Promise<string | null> {
  return (await namedProduct(db, providerAccountId, remote))?.id ?? null;
}

/** The account's product the provider names for a card (namedProductId), the whole row; null as there. */
async function namedProduct(db: DbOrTx, providerAccountId: string, remote: Card): Promise<ProductRow | null> {
  if (!remote.productId) return null;
  return findProduct(db, { providerAccountId, providerProductId: remote.productId });
}

/**
 * When the provider says the card closed (Card.closedAt), for its closed_at once a read finds it closed; null when it
 * gives no time to believe: none, or one still to come when its answer has already arrived (its times read in the wrong
 * time zone), and Cardhub dates the close itself.
 */
export function providerClosedAt(remote: Card): Date | null {
  const closedAt = remote.closedAt ?? null;
  return closedAt && closedAt.getTime() <= Date.now() ? closedAt : null;
}

/**
 * Refreshes one card's status, balance and limits from its provider (after each order, and periodically). A provider
 * that answers it does not know the card marks it "Not found at provider" before the error goes on to the caller.
 */
export async function syncCard(db: Db, cardId: string): Promise<void> {
  // Before the card is looked at: a change after this moment (a cancel settling) keeps the view read now from being stored.
  const readAt = new Date();
  const card = await findCard(db, cardId);
  if (!card?.providerCardId) return;
  const provider = await providerForAccount(db, card.providerAccountId);
  const remote = await readRemoteCard(db, cardId, () => provider.getCard(card.providerCardId!));
  await applyRemoteCard(db, card, remote, readAt);
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

/**
 * Stores the provider's view of a card, read at `readAt`; the provider knowing it means it is no longer missing there.
 * A card that changed after the read began (an order settled it, a cancel or a top-up) keeps what it has: the read may
 * predate that change, and the next sync brings the provider's newer view. A status or limit changed outside Cardhub
 * is audited (recordChangedAtProvider). A card without a product gets the one the provider names, once Cardhub has read
 * it (namedProductId), audited (recordProductLinked); a product already set is never replaced. Returns whether it was
 * stored.
 */
export async function applyRemoteCard(db: DbOrTx, card: { id: string; currency: string; status: CardStatus }, remote: Card, readAt: Date): Promise<boolean> {
  // Money boundary: cancellation is final at every provider, so the write keeps a cancelled card cancelled whatever the
  // provider reports (decided on the stored row, which `card` may predate), and a report of it open is marked and
  // audited instead.
  const columns = cardColumnsFrom(remote, card.currency);
  const change = await db.transaction(async (tx) => {
    // Locked first, so what Cardhub held is exactly the row this write replaces; a change made outside Cardhub is
    // audited with the write that stores it.
    const held = await lockCard(tx, card.id);
    // Decided on the locked row: a product set by Cardhub's own issue stays, whatever product the provider names.
    const product = held && held.productId === null ? await namedProduct(tx, held.providerAccountId, remote) : null;
    // A close this read finds happened by the time of the read (readAt) when the provider gives no time of its own, so
    // the read is not taken for one made before the close (closedCardsToRecheckQuery reads such a card again at once).
    const closedBy = providerClosedAt(remote) ?? readAt;
    const written = held ? await updateCardUnlessChangedSince(tx, card.id, product ? { ...columns, productId: product.id } : columns, readAt, closedBy) : null;
    if (held && written) await recordChangedAtProvider(tx, held, written, remote);
    // MONEY: the product decides the fees quoted for the card's money movements; linking it is audited with the write.
    if (written && product) await recordProductLinked(tx, written, product);
    return held && written ? { held, stored: written } : null;
  });
  if (!change) return false;
  const { held, stored } = change;
  await clearCardMissingAtProvider(db, card.id);
  if (stored.status === "cancelled") await followCancelledCardAtProvider(db, card.id, remote);
  // Closed at the provider since the last read (expired, or cancelled there): its waiting requests are withdrawn, as a
  // cancel from here does. Only on that change: a closed card is read again (hourly in its refund window) so that its
  // balance follows the provider's, and those reads withdraw nothing.
  // Closed by a cancellation placed here and not settled yet: its author closed it, not the worker.
  if (!whyCardClosed(card) && whyCardClosed(stored)) await withdrawRequestsOfClosedCard(db, card.id, (await findOpenOrder(db, card.id, "cancel"))?.createdByUserId ?? null);
  // Activated, unfrozen or given other limits at the provider since the last read: its requests asking for that may no
  // longer be needed. Or its provider's own status changed within one of Cardhub's (a frozen Card OPEN-API card reported
  // lost, 3 to 6): an unfreeze request can then no longer be carried out (withdrawalForCardChange).
  const limitsChanged = held.limitPerTransaction !== stored.limitPerTransaction || held.limitLifetime !== stored.limitLifetime;
  const providerStatusChanged = held.providerStatus !== stored.providerStatus;
  if (stored.status !== card.status || limitsChanged || providerStatusChanged) await withdrawRequestsNoLongerNeeded(db, card.id);
  return true;
}
