import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { waitsForOpenOrders } from "@/lib/cards/open-order-rule";
import type { CardStatus, OrderType } from "@/lib/providers/types";
import { whyCardClosed } from "./card-closed";
import type { CardRequestKind } from "./card-takes-request";

/**
 * How long an approved request may wait for another change to its card before it fails, counted from when it began
 * waiting (card_requests.card_busy_since), not from that change's age: past a day, an order still open is one a person
 * has to settle (in review, or a provider that never answers), and the request's people should hear that it was not
 * carried out rather than see it "being carried out" for good.
 */
export const BUSY_CARD_LIMIT_MS = 24 * 60 * 60 * 1000;

/** The order an approved request of each kind is carried out as (execute-request.ts placeOrder). */
const ORDER_TYPE: Record<CardRequestKind, OrderType> = { top_up: "topup", limit_increase: "limits", unfreeze: "unfreeze", activate: "activate" };

/** What did not happen, as the request page says it. */
const NOT_DONE: Record<CardRequestKind, string> = {
  top_up: "this top-up was not made",
  limit_increase: "this limit increase was not made",
  unfreeze: "the card was not unfrozen",
  activate: "the card was not activated",
};

type OpenOrder = Pick<ProviderOrderRow, "type" | "nextCheckAt">;

/**
 * What an approved request does about the card's open orders before placing its own: nothing (null: none holds it
 * back, or the card is closed, which the executor's claim withdraws it for), wait (until the soonest of those orders'
 * next checks; null = one is due now), or fail with the reason in the request page's words. A cancellation under way
 * ends it at once: the card will not take the change, and a top-up's money would land on a card being closed. Having
 * waited BUSY_CARD_LIMIT_MS since `waitingSince` (null: it has not waited yet) ends it too, saying so. The refusal a
 * person meets at the card's dialog ("Wait for it to finish") is never the reason.
 */
export function busyCardVerdict(
  kind: CardRequestKind,
  card: { status: CardStatus },
  open: readonly OpenOrder[],
  waitingSince: Date | null,
  now = Date.now(),
): { wait: { nextCheckAt: Date | null } } | { fail: string } | null {
  if (whyCardClosed(card)) return null;
  if (card.status === "cancelling" || open.some((order) => order.type === "cancel")) return { fail: `The card is being cancelled, so ${NOT_DONE[kind]}.` };
  if (!waitsForOpenOrders(ORDER_TYPE[kind], open.map((order) => order.type))) return null;
  if (waitingSince && now - waitingSince.getTime() >= BUSY_CARD_LIMIT_MS) {
    const limit = `${BUSY_CARD_LIMIT_MS / 3_600_000} hours`;
    return { fail: `This request waited ${limit} for another change to this card to finish, so ${NOT_DONE[kind]}. Finance can retry this request once that change has ended.` };
  }
  const checks = open.map((order) => order.nextCheckAt?.getTime() ?? null);
  return { wait: { nextCheckAt: checks.includes(null) ? null : new Date(Math.min(...(checks as number[]))) } };
}
