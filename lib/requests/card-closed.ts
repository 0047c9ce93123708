import type { CardStatus } from "@/lib/providers/types";

const CLOSED_STATES: Partial<Record<CardStatus, string>> = {
  cancelled: "was cancelled",
  expired: "has expired",
  failed: "was never issued",
};

/**
 * Why a request about this card can no longer be carried out: the card is closed for good, so a top-up, a limit or an
 * unfreeze would only fail at the provider, or put money on a card nobody can spend. Null while the card is open.
 */
export function whyCardClosed(card: { status: CardStatus }): string | null {
  const state = CLOSED_STATES[card.status];
  return state ? `The card ${state}, so this request can no longer be carried out.` : null;
}

/** As whyCardClosed, and a card being cancelled too: approving now would only add to what the cancellation ends. */
export function whyCardNotApprovable(card: { status: CardStatus }): string | null {
  if (card.status === "cancelling") return "The card is being cancelled, so this request cannot be approved.";
  return whyCardClosed(card);
}
