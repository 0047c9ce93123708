import type { Db } from "@/db/client";
import { withdrawableRequestsOnCardsQuery, type OpenRequestKey } from "@/db/queries/requests";
import { loggableError } from "@/lib/jobs/loggable-error";
import { withdrawalForCardChange, withdrawRequestsNoLongerNeeded, withdrawRequestsOfClosedCard } from "./cancel-request";
import { whyCardClosed } from "./card-closed";

export const WITHDRAWAL_SWEEP_PAGE_SIZE = 500;

/**
 * The backstop for a withdrawal that was lost: a card sync stores a card's change and withdraws its requests in a step
 * after it, so a failure or a crash between the two leaves them waiting (and the next sync sees no change); orders
 * settled before their withdrawals were part of the settlement left some too. Every request not yet being carried out
 * whose card is closed or no longer needs it is withdrawn in the worker's name and its people told, by the rules and
 * under the locks every other withdrawal uses: weighed here on the card as read, then again by the withdrawal under
 * the card's lock, so a request that stands after all is left. One card's failure is logged and the walk goes on.
 * Returns how many were withdrawn.
 */
export async function withdrawLeftoverRequests(db: Db): Promise<number> {
  let withdrawn = 0;
  let after: OpenRequestKey | null = null;
  for (;;) {
    const page = await withdrawableRequestsOnCardsQuery(db, { after, limit: WITHDRAWAL_SWEEP_PAGE_SIZE });
    const closed = new Set<string>();
    const moot = new Set<string>();
    for (const { request, card, provider } of page) {
      if (whyCardClosed(card)) closed.add(card.id);
      else if (withdrawalForCardChange(request, { ...card, provider })) moot.add(card.id);
    }
    for (const [cardIds, withdraw] of [
      [closed, withdrawRequestsOfClosedCard],
      [moot, withdrawRequestsNoLongerNeeded],
    ] as const) {
      for (const cardId of cardIds) {
        withdrawn += await withdraw(db, cardId).then(
          (requests) => requests.length,
          (error: unknown) => {
            console.warn(`[requests] could not withdraw the waiting requests of card ${cardId}: ${loggableError(error)}`);
            return 0;
          },
        );
      }
    }
    const last = page.at(-1)?.request;
    if (page.length < WITHDRAWAL_SWEEP_PAGE_SIZE || !last?.cardId) return withdrawn;
    after = { cardId: last.cardId, kind: last.kind };
  }
}
