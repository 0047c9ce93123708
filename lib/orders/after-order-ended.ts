import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { syncCard } from "@/lib/cards/sync-card";
import { withdrawRequestsNoLongerNeeded, withdrawRequestsOfClosedCard } from "@/lib/requests/cancel-request";

const warn = (what: string) => (error: unknown) => console.warn(`[orders] ${what}: ${error instanceof Error ? error.message : error}`);

/**
 * What follows the end of an order on a card, whoever saw it end (the first answer, or the worker following it): a
 * completed cancellation withdraws the card's waiting requests in the name of whoever cancelled it, a completed
 * activation, unfreeze or change of limits the card's waiting requests for that it made no longer needed (a limit
 * increase its new limits meet), then the card is read again from the
 * provider. Neither undoes the order's end: a failure is logged, and the guards at approval and
 * execution (lib/requests/card-closed.ts) still hold.
 */
export async function afterOrderEnded(db: Db, order: ProviderOrderRow): Promise<void> {
  const cardId = order.cardId;
  if (!cardId) return;
  if (order.type === "cancel" && order.status === "completed") {
    await withdrawRequestsOfClosedCard(db, cardId, order.createdByUserId).catch(warn(`could not withdraw the requests of cancelled card ${cardId}`));
  }
  if ((order.type === "activate" || order.type === "unfreeze" || order.type === "limits") && order.status === "completed") {
    await withdrawRequestsNoLongerNeeded(db, cardId, order.createdByUserId).catch(warn(`could not withdraw the requests card ${cardId} no longer needs`));
  }
  await syncCard(db, cardId).catch(warn(`could not refresh card ${cardId} after order ${order.id}`));
}
