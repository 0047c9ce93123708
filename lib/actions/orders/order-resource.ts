import { findCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import type { ActionContext } from "@/lib/actions/guard";

/** The card a provider request is on, for guardedAction's resource check: its permissions are the card's. */
export async function orderCardResource(input: { orderId: string }, context: ActionContext) {
  const order = await findOrder(context.db, input.orderId);
  const card = order?.cardId ? await findCard(context.db, order.cardId) : null;
  if (!card) return null;
  return { id: card.id, organizationId: card.organizationId, ownerUserId: card.ownerUserId, teamId: card.teamId };
}
