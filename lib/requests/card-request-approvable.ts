import { isStatusChangeRequest } from "@/db/schema/requests";
import type { CardForActions } from "@/lib/cards/card-actions";
import { whyCardNotApprovable } from "./card-closed";
import { whyCardCannotTake, type CardRequestKind } from "./card-takes-request";
import { whyStatusChangeNotApprovable } from "./no-longer-needed";

/**
 * Why a card-change request cannot be approved on the card as it is now (with its provider): the card is closed or
 * being cancelled, an activation or unfreeze is no longer needed, or the card cannot take the change the request would
 * be carried out as (a top-up on a card frozen meanwhile). Approved, it could only end in "failed" and its holder be
 * told of a failure; it can still be rejected. Null while it can be approved.
 */
export function whyCardRequestNotApprovable(kind: CardRequestKind, card: CardForActions): string | null {
  return whyCardNotApprovable(card) ?? (isStatusChangeRequest(kind) ? whyStatusChangeNotApprovable(kind, card) : whyCardCannotTake(kind, card));
}
