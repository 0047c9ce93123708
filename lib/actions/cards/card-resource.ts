import { findCard } from "@/db/queries/card-updates";
import type { ActionContext } from "@/lib/actions/guard";

/** The permission-relevant part of a card, for guardedAction's resource check. */
export async function cardResource(input: { cardId: string }, context: ActionContext) {
  const card = await findCard(context.db, input.cardId);
  if (!card) return null;
  return { id: card.id, organizationId: card.organizationId, ownerUserId: card.ownerUserId, teamId: card.teamId };
}
