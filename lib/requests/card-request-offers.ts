import { can, type Actor } from "@/lib/auth/permissions";
import { availableCardActions } from "@/lib/cards/card-actions";
import { CARD_ACTION_FOR, kindsCardCanTake, type CardForRequests, type CardRequestKind } from "./card-takes-request";

/**
 * The requests the card page offers on one's own card: what the card could take once approved and the person cannot
 * simply do themselves (a top-up, a limit increase, an unfreeze, an activation: nobody unfreezes or activates their own
 * card, finance included, since that releases its money). Nothing on anyone else's card, nothing for a role that files
 * no requests, and nothing filing would refuse (kindsCardCanTake): on a card its provider no longer knows or whose
 * account is disabled.
 */
export function cardRequestOffers(actor: Actor, card: CardForRequests): CardRequestKind[] {
  if (card.ownerUserId !== actor.id || !can(actor, "card.request", card)) return [];
  const direct = availableCardActions(actor, card);
  return kindsCardCanTake(card).filter((kind) => !direct.has(CARD_ACTION_FOR[kind]));
}
