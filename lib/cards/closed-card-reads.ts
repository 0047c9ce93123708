import type { DbOrTx } from "@/db/client";
import { listClosedCardsToRecheck, type CardRow } from "@/db/queries/card-updates";

/**
 * How long after it closed (cancelled or expired) a card is still read from its provider. Money can reach a closed card
 * for months: merchants refund late, and card networks allow chargebacks up to 120 days after the transaction (Visa and
 * Mastercard's usual limit), so refunds and won disputes of purchases made just before the close land well after it.
 * The provider keeps that money on the card (a Cardepass Standard card's balance), and only a read shows it. The
 * provider documents give an expired card no other changes than a cancelled one's: refunds, the provider returning its
 * balance, a cancellation (lib/cards/expired-card-reads.integration.test.ts quotes them).
 */
export const CLOSED_CARD_REFUND_WINDOW_DAYS = 120;
/** A closed card in its window is read at most this often (open cards: every run), from its last read. */
export const CLOSED_CARD_RECHECK_MS = 60 * 60 * 1000;
/** Closed cards read per account per run; more (a mass cancellation) are read over the next runs. */
const MAX_CLOSED_CARDS_PER_RUN = 500;

/**
 * The closed cards of an account due for a read: closed within the refund window and not read since they closed or
 * within the last CLOSED_CARD_RECHECK_MS. `read` names whose reads count: the card sync's (the card itself, cards.last_synced_at) or
 * the NobePay transaction sweep's (the card's transaction list, cards.transactions_read_at).
 */
export async function listClosedCardsDue(db: DbOrTx, params: { providerAccountId: string; read: "card" | "transactions" }): Promise<CardRow[]> {
  const now = Date.now();
  return listClosedCardsToRecheck(db, {
    providerAccountId: params.providerAccountId,
    closedSince: new Date(now - CLOSED_CARD_REFUND_WINDOW_DAYS * 24 * 60 * 60 * 1000),
    syncedBefore: new Date(now - CLOSED_CARD_RECHECK_MS),
    limit: MAX_CLOSED_CARDS_PER_RUN,
    read: params.read,
  });
}
