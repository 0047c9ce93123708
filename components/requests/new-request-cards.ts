import type { RequestKind } from "@/db/schema/requests";
import type { CardRequestKind } from "@/lib/requests/card-takes-request";
import type { RequestableCard } from "./new-request-types";
import { formatAmount, moneyFromMinor } from "@/lib/money";

/** A card the form lists for a kind of request, and the open request of that kind it already has (null: choosable). */
export type CardForKind = { card: RequestableCard; openRequestId: string | null };

/**
 * The cards that could take a request of this kind: those with an open one of it are listed as already requested (a
 * card has at most one open request per kind; filing refuses a second), the others may be chosen.
 */
export function cardsForKind(cards: readonly RequestableCard[], kind: CardRequestKind): CardForKind[] {
  return cards.filter((card) => card.kinds.includes(kind)).map((card) => ({ card, openRequestId: card.openRequests[kind] ?? null }));
}

/**
 * Whether the form offers a kind: "choosable" when some card may be asked for it (a new card always may),
 * "requested" when every card that could take it already has an open request of it, "none" when no card can take it.
 */
export function kindOffer(cards: readonly RequestableCard[], kind: RequestKind): "choosable" | "requested" | "none" {
  if (kind === "new_card") return "choosable";
  const listed = cardsForKind(cards, kind);
  if (listed.some((entry) => entry.openRequestId === null)) return "choosable";
  return listed.length > 0 ? "requested" : "none";
}

/**
 * A limit left empty in a limit increase keeps the card's own, as its placeholder shows: sent as that amount, so the
 * server weighs exactly what was shown. Empty stays empty where the card has no such limit (it must be asked for).
 */
export function keptLimit(typed: string, now: bigint | null, currency: string | undefined): string {
  return typed.trim() === "" && now !== null && currency ? formatAmount(moneyFromMinor(now, currency)) : typed;
}
