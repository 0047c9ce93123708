import type { RequestKind } from "@/db/schema/requests";
import type { CardStatus } from "@/lib/providers/types";

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
