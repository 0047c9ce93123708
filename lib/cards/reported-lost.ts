/** A Card OPEN-API card reported lost; safe to import anywhere (no server code). */
import type { CardStatus, ProviderName } from "@/lib/providers/types";

/** Words beside the card's status ("Frozen"), on the cards list and the card page. */
export const REPORTED_LOST_AT_PROVIDER = "Reported lost at the provider";

/** Why unfreezing it is not offered and is refused, on the screen and by the server alike. */
export const REPORTED_LOST_REASON =
  "This card was reported lost at Card OPEN-API, so it is not unfrozen here: whoever has it could spend its money again. Cancel it, or ask Card OPEN-API about a replacement card.";

/**
 * cardopenapi.md card_list.status "6:已挂失" (reported lost): the card is blocked like a frozen one, and Cardhub reads
 * it as frozen, but it is a state of its own that an unfreeze must not undo. (A cancelled card stays cancelled whatever
 * its provider reports: lib/cards/provider-reopened-label.ts.)
 */
export function isReportedLost(card: { provider: ProviderName; status: CardStatus; providerStatus: string | null }): boolean {
  return card.provider === "cardopenapi" && card.status === "frozen" && card.providerStatus === "6";
}
