import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { syncCard } from "@/lib/cards/sync-card";
import { loggableError } from "@/lib/jobs/loggable-error";

/** Reads of the card after an order ends before it is left to the periodic card sync. */
const CARD_READS = 3;

/**
 * What follows the end of an order on a card, whoever saw it end (the first answer, the worker following it, a person
 * resolving its review): the card is read again from the provider. The card's waiting requests the order closed or
 * made no longer needed were withdrawn in the transaction that settled it (withdrawRequestsEndedByOrder). A failed
 * read does not undo the order's end; MONEY: the balance shown stays the provider's old one until a read succeeds, so
 * an unreadable answer is read again (up to CARD_READS times) before it is logged and left to the periodic card sync.
 */
export async function afterOrderEnded(db: Db, order: ProviderOrderRow): Promise<void> {
  const cardId = order.cardId;
  if (!cardId) return;
  for (let read = 1; ; read += 1) {
    try {
      await syncCard(db, cardId);
      return;
    } catch (error) {
      if (read < CARD_READS) continue;
      console.warn(`[orders] could not refresh card ${cardId} after order ${order.id} (${CARD_READS} reads): ${loggableError(error)}`);
      return;
    }
  }
}
