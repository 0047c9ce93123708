import { can, type Actor } from "@/lib/auth/permissions";
import { availableCardActions, type CardForActions } from "@/lib/cards/card-actions";
import { CARD_ACTION_FOR, kindsCardCanTake, type CardRequestKind } from "./card-takes-request";

/**
 * The requests the card page offers on one's own card: what the card could take once approved and the person cannot
 * simply do themselves (a top-up, a limit increase, an unfreeze, an activation: nobody unfreezes or activates their own
 * card, finance included, since that releases its money). Nothing on anyone else's card, and nothing for a role that
 * files no requests. Pass the card with `accountActive`: a disabled account takes none of them.
 */
export function cardRequestOffers(actor: Actor, card: CardForActions): CardRequestKind[] {
  if (card.ownerUserId !== actor.id || !can(actor, "card.request", card)) return [];
  const direct = availableCardActions(actor, card);
  return kindsCardCanTake(card).filter((kind) => !direct.has(CARD_ACTION_FOR[kind]));
}
