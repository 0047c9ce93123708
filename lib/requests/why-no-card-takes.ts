import { NOT_POSSIBLE, whyCardRefusesRequest, type CardForRequests, type CardRequestKind } from "./card-takes-request";

export const NO_CARDS_YET = "You have no cards yet.";
export const NONE_OF_YOUR_CARDS = "None of your cards can take this now.";

/**
 * What the new-request form says under a kind that none of the person's cards can take, null when one can: with one
 * card, why it refuses the kind (the words filing would answer with); with several, the kind's general rule when that
 * is why every one of them refuses it, else only that none can (their reasons differ, or are each about one card).
 */
export function whyNoCardTakes(kind: CardRequestKind, cards: readonly CardForRequests[]): string | null {
  if (cards.length === 0) return NO_CARDS_YET;
  const reasons = new Set(cards.map((card) => whyCardRefusesRequest(kind, card)));
  if (reasons.has(null)) return null;
  if (cards.length === 1) return [...reasons][0]!;
  return reasons.size === 1 && reasons.has(NOT_POSSIBLE[kind]) ? NOT_POSSIBLE[kind] : NONE_OF_YOUR_CARDS;
}
