import type { Actor } from "@/lib/auth/permissions";
import { whyStateHoldsMoney } from "@/lib/cards/card-actions";
import { cardRequestOffers } from "./card-request-offers";
import type { CardForRequests, CardRequestKind } from "./card-takes-request";

/** A request one would be offered on one's own card were it active, with why it is not offered now. */
export type HeldCardRequest = { kind: CardRequestKind; reason: string };

/**
 * The requests the card's state alone keeps from its holder (a top-up of a frozen card): those cardRequestOffers
 * would make were the card active, so who may ask, and what filing refuses whatever the state, decide as for the links.
 */
export function cardRequestsHeldByState(actor: Actor, card: CardForRequests): HeldCardRequest[] {
  // Its holder asks for what releases the card, as for the money (the request links beside it).
  const reason = whyStateHoldsMoney(card, "asking");
  if (!reason) return [];
  const now = cardRequestOffers(actor, card);
  return cardRequestOffers(actor, { ...card, status: "active" })
    .filter((kind) => !now.includes(kind))
    .map((kind) => ({ kind, reason }));
}
