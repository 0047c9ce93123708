import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { syncCard } from "@/lib/cards/sync-card";
import { loggableError } from "@/lib/jobs/loggable-error";
import { queueCardRefresh } from "@/lib/jobs/refresh-card-job";

/** Reads of the card after an order ends before they are left to a job of their own. */
const CARD_READS = 3;

/**
 * What follows the end of an order on a card, whoever saw it end (the first answer, the worker following it, a person
 * resolving its review): the card is read again from the provider. The card's waiting requests the order closed or
 * made no longer needed were withdrawn in the transaction that settled it (withdrawRequestsEndedByOrder). A failed
 * read does not undo the order's end; MONEY: the balance shown stays the provider's old one until a read succeeds, so
 * an unreadable answer is read again (up to CARD_READS times), then by a retried job (lib/jobs/refresh-card-job.ts),
 * and only when that cannot be queued is the card left to the periodic card sync.
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
      const next = (await queuedCardRead(cardId, order.id)) ? "a job reads it again" : "left to the periodic card sync";
      console.warn(`[orders] could not refresh card ${cardId} after order ${order.id} (${CARD_READS} reads): ${loggableError(error)}; ${next}`);
      return;
    }
  }
}

/** Queues the card's retried read; false, said in the log, when that fails too (it must not fail the order's end). */
async function queuedCardRead(cardId: string, orderId: string): Promise<boolean> {
  try {
    await queueCardRefresh(cardId);
    return true;
  } catch (error) {
    console.warn(`[orders] could not queue a read of card ${cardId} after order ${orderId}: ${loggableError(error)}`);
    return false;
  }
}
