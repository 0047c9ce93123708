import type { RequestKind, StatusChangeRequestKind } from "@/db/schema/requests";
import type { CardForActions } from "@/lib/cards/card-actions";
import type { CardStatus } from "@/lib/providers/types";
import { whyCardCannotTake } from "./card-takes-request";

/**
 * Why a request to activate or unfreeze a card is no longer needed: the card already is where the request would take
 * it (finance did it directly, or the provider says so). Such a request is withdrawn with this reason
 * (withdrawRequestsNoLongerNeeded, and the executor), never approved or carried out into a failure its holder would be
 * told about. Null while it is still needed, and for every other kind.
 */
export function whyNoLongerNeeded(kind: RequestKind, card: { status: CardStatus }): string | null {
  if (kind === "unfreeze" && card.status === "active") return "The card is already unfrozen, so this request is no longer needed.";
  if (kind !== "activate") return null;
  if (card.status === "active") return "The card is already active, so this request is no longer needed.";
  if (card.status === "frozen") return "The card was activated already and is frozen now, so this request is no longer needed: ask for it to be unfrozen instead.";
  return null;
}

/** Why an activation or unfreeze cannot be approved on the card as it is now: no longer needed, or not a change it can take. */
export function whyStatusChangeNotApprovable(kind: StatusChangeRequestKind, card: CardForActions): string | null {
  return whyNoLongerNeeded(kind, card) ?? whyCardCannotTake(kind, card);
}
