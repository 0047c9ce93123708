import type { Db } from "@/db/client";
import { clearCardReadDue, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { syncCard } from "@/lib/cards/sync-card";
import { loggableError } from "@/lib/jobs/loggable-error";
import { queueCardRefresh } from "@/lib/jobs/refresh-card-job";
import { queueStatementsRead } from "@/lib/jobs/sync-statements-job";

/** Reads of the card after an order ends before they are left to a job of their own. */
const CARD_READS = 3;

/**
 * What follows the end of an order on a card, whoever saw it end (the first answer, the worker following it, a person
 * resolving its review): the account's statement is read soon, and the card is read again from the provider. The card's waiting requests the order closed or
 * made no longer needed were withdrawn in the transaction that settled it (withdrawRequestsEndedByOrder). A failed
 * read does not undo the order's end; MONEY: the balance shown stays the provider's old one until a read succeeds, so
 * an unreadable answer is read again (up to CARD_READS times), then by a retried job (lib/jobs/refresh-card-job.ts),
 * and only when that cannot be queued is the card left to the reconcile job and the periodic card sync. The order's end
 * recorded that this read is owed (card_read_due_at), cleared here once it is done or handed to that job: a process
 * dying before (the web process after a first answer or a person's resolution) leaves it owed, and the reconcile job
 * has the order followed, which reads the card (follow-order.ts).
 */
export async function afterOrderEnded(db: Db, order: ProviderOrderRow): Promise<void> {
  // The account's statement, where the order's lines (its amount and fee items) now appear, is read soon, whoever saw
  // the order end: an order the provider settled in its first answer never reaches the follow-up job.
  await queueStatementsRead(order.providerAccountId).catch((error: unknown) =>
    console.warn(`[orders] could not queue a statements read after order ${order.id}: ${loggableError(error)}; the periodic read brings its lines`),
  );
  const cardId = order.cardId;
  if (!cardId) return;
  for (let read = 1; ; read += 1) {
    try {
      await syncCard(db, cardId);
      await clearCardReadDue(db, order.id);
      return;
    } catch (error) {
      if (read < CARD_READS) continue;
      const queued = await queuedCardRead(cardId, order.id);
      // A read handed to its own job is no longer owed here; one nobody could queue stays owed, for the reconcile job.
      if (queued) await clearCardReadDue(db, order.id);
      console.warn(`[orders] could not refresh card ${cardId} after order ${order.id} (${CARD_READS} reads): ${loggableError(error)}; ${queued ? "a job reads it again" : "left to the reconcile job and the periodic card sync"}`);
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
