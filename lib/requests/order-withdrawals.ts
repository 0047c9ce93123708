import type { DbOrTx } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import type { CardRequestRow } from "@/db/queries/requests";
import { withdrawRequestsNoLongerNeeded, withdrawRequestsOfClosedCard } from "./cancel-request";

/** What a completed order did to its card that may withdraw the card's waiting requests. */
const CLOSES_THE_CARD = new Set<ProviderOrderRow["type"]>(["cancel"]);
const MAKES_REQUESTS_MOOT = new Set<ProviderOrderRow["type"]>(["activate", "unfreeze", "limits"]);

/**
 * The card's requests not yet being carried out that a completed order ends, withdrawn in the name of the order's
 * author and their people told: all of them for a cancellation, those it made no longer needed for an activation,
 * unfreeze or change of limits. Run in the transaction that settles the order, after its change is written to the
 * card (settleLocked): the order is never final while they still wait. Lock order: the order, its card, then the
 * card's requests, as a reassignment and filing take the last two.
 */
export async function withdrawRequestsEndedByOrder(
  tx: DbOrTx,
  order: Pick<ProviderOrderRow, "cardId" | "type" | "status" | "createdByUserId">,
): Promise<CardRequestRow[]> {
  if (!order.cardId || order.status !== "completed") return [];
  if (CLOSES_THE_CARD.has(order.type)) return withdrawRequestsOfClosedCard(tx, order.cardId, order.createdByUserId);
  if (MAKES_REQUESTS_MOOT.has(order.type)) return withdrawRequestsNoLongerNeeded(tx, order.cardId, order.createdByUserId);
  return [];
}
