import { ACCOUNT_DISABLED_REASON, type CardForActions } from "@/lib/cards/card-actions";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing-label";
import { whyCardNotApprovable } from "./card-closed";
import { whyCardCannotTake, type CardRequestKind } from "./card-takes-request";
import { whyNoLongerNeeded } from "./no-longer-needed";

/**
 * Why a card-change request cannot be approved on the card as it is now (with its provider and account): the card is
 * closed or being cancelled, an activation or unfreeze is no longer needed, the provider no longer knows the card, its
 * account is disabled, or the card cannot take the change the request would be carried out as (a top-up on a card
 * frozen meanwhile). Approved, it could only end in "failed" and its holder be told of a failure; it can still be
 * rejected. The same refusals as filing a request (create-request.ts), in the words the request page shows. Null while
 * it can be approved.
 */
export function whyCardRequestNotApprovable(kind: CardRequestKind, card: CardForActions & { providerMissingSince: Date | null }): string | null {
  return (
    whyCardNotApprovable(card) ??
    whyNoLongerNeeded(kind, card) ??
    (card.providerMissingSince ? NOT_FOUND_AT_PROVIDER_REASON : null) ??
    (card.accountActive === false ? ACCOUNT_DISABLED_REASON : null) ??
    whyCardCannotTake(kind, card)
  );
}
