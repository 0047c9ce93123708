import type { CardRequestRow } from "@/db/queries/requests";
import { raisesALimit, type CardLimits } from "@/lib/cards/limit-increase";
import type { CardStatus } from "@/lib/providers/types";
import { lifetimeLimitBefore, limitTermsOf } from "./terms";

/** What decides whether a request is still needed: its kind, its approved terms and the card's limits when it was filed. */
export type RequestNeed = Pick<CardRequestRow, "kind" | "approved" | "details">;

/**
 * Why a request to activate or unfreeze a card, or to raise its limits, is no longer needed: the card already is where
 * the request would take it (finance did it directly, or the provider says so); for a limit increase, neither of its
 * approved limits is above the card's now (filing's "asks for no increase", raisesALimit). Such a request is withdrawn
 * with this reason (withdrawRequestsNoLongerNeeded, and the executor), never approved or carried out into a failure its
 * holder would be told about, or a limit increase into a decrease. Null while it is still needed, and for other kinds.
 */
export function whyNoLongerNeeded(request: RequestNeed, card: { status: CardStatus } & CardLimits): string | null {
  if (request.kind === "limit_increase") {
    const terms = limitTermsOf(request.approved);
    if (!terms || raisesALimit(terms, card, lifetimeLimitBefore(request.details))) return null;
    return "The card's limits were raised to what this request asks for or more, so it is no longer needed.";
  }
  if (request.kind === "unfreeze" && card.status === "active") return "The card is already unfrozen, so this request is no longer needed.";
  if (request.kind !== "activate") return null;
  if (card.status === "active") return "The card is already active, so this request is no longer needed.";
  if (card.status === "frozen") return "The card was activated already and is frozen now, so this request is no longer needed: ask for it to be unfrozen instead.";
  return null;
}
