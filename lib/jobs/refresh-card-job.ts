import { isCardUnknownToProvider } from "@/lib/cards/provider-missing";
import { syncCard } from "@/lib/cards/sync-card";
import type { JobDefinition } from "./job";
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
