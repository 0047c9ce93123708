import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { syncCard } from "@/lib/cards/sync-card";
import { loggableError } from "@/lib/jobs/loggable-error";

/**
 * What follows the end of an order on a card, whoever saw it end (the first answer, the worker following it, a person
 * resolving its review): the card is read again from the provider. The card's waiting requests the order closed or
 * made no longer needed were withdrawn in the transaction that settled it (withdrawRequestsEndedByOrder). A failed
 * read does not undo the order's end: it is logged, and the periodic card sync reads the card again.
 */
export async function afterOrderEnded(db: Db, order: ProviderOrderRow): Promise<void> {
  const cardId = order.cardId;
  if (!cardId) return;
  await syncCard(db, cardId).catch((error: unknown) => console.warn(`[orders] could not refresh card ${cardId} after order ${order.id}: ${loggableError(error)}`));
}
