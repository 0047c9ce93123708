import { isCardUnknownToProvider } from "@/lib/cards/provider-missing";
import { syncCard } from "@/lib/cards/sync-card";
import type { JobDefinition } from "./job";
import { loggableError } from "./loggable-error";
import { enqueue } from "./queue";

export const REFRESH_CARD = "cards.refresh";

/** Reads after the first: 30 s, then about twice as long each time (pg-boss's backoff), some 30 minutes in all. */
const RETRY_LIMIT = 5;
const RETRY_DELAY_SECONDS = 30;

/**
 * MONEY: a card whose reads after an order all failed is read again by a job of its own, retried with backoff, so its
 * balance follows the provider's well before the next periodic card sync. One read waits per card (the queue's "short"
 * policy keys it by card), so a burst of orders on the card queues one; one queued while a read runs is kept, for that
 * read may have begun before the latest order ended, and a view read before the card last changed is not stored.
 */
export async function queueCardRefresh(cardId: string): Promise<void> {
  await enqueue(REFRESH_CARD, { cardId }, { singletonKey: `card:${cardId}`, retryLimit: RETRY_LIMIT, retryDelay: RETRY_DELAY_SECONDS, retryBackoff: true });
}

/** Reads queued per transaction sync run or webhook event: a first import's thousands of cards are the card sync's. */
const MOVED_CARD_READS_PER_RUN = 50;

/**
 * MONEY: cards whose transactions just moved money (a purchase, a settlement, a refund, a released hold) are read again
 * from their provider by this job, one waiting per card, so their balance and spent limit (which the card page, the
 * withdraw and cancel dialogs and the limits check weigh) follow within seconds, not at the next periodic card sync.
 * Queued, never read in the sync itself: it must not wait on a provider answer per card. A read that cannot be queued
 * is left to the periodic card sync, said in the log.
 */
export async function queueReadsOfMovedCards(cardIds: Iterable<string>): Promise<void> {
  for (const cardId of [...cardIds].slice(0, MOVED_CARD_READS_PER_RUN)) {
    try {
      await queueCardRefresh(cardId);
    } catch (error) {
      console.warn(`[cards] could not queue a read of card ${cardId} after its transactions moved money: ${loggableError(error)}; the periodic card sync reads it`);
      return;
    }
  }
}

/** The card read as after an order (syncCard: a card gone or never issued at the provider is not read). */
export const refreshCardJob: JobDefinition<{ cardId: string }> = {
  name: REFRESH_CARD,
  retryLimit: RETRY_LIMIT,
  policy: "short",
  run: async ({ cardId }, db) => {
    try {
      await syncCard(db, cardId);
    } catch (error) {
      // The provider's word that it does not know the card is final, and syncCard marked the card missing: a retry
      // would hear the same.
      if (!isCardUnknownToProvider(error)) throw error;
    }
  },
};
