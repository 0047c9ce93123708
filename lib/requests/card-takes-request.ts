import type { RequestKind } from "@/db/schema/requests";
import { ACCOUNT_DISABLED_REASON, availableCardActions, type CardAction, type CardForActions } from "@/lib/cards/card-actions";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing-label";
import { isReportedLost, REPORTED_LOST_REASON } from "@/lib/cards/reported-lost";
import { approvedRequestAuthority } from "./authority";

/** The kinds of request about an existing card. */
export type CardRequestKind = Exclude<RequestKind, "new_card">;

/** The card action an approved request of each kind is carried out as; in the order the card page offers them. */
export const CARD_ACTION_FOR: Record<CardRequestKind, CardAction> = { top_up: "topUp", limit_increase: "setLimits", unfreeze: "unfreeze", activate: "activate" };
export const CARD_REQUEST_KINDS = Object.keys(CARD_ACTION_FOR) as CardRequestKind[];

/** Each kind's general rule, worded for any card, so the new-request form can say it of several (whyNoCardTakes). */
export const NOT_POSSIBLE: Record<CardRequestKind, string> = {
  top_up: "Only an active card whose provider accepts top-ups can be topped up.",
  limit_increase: "Only a live ShareBalance card has limits to increase.",
  unfreeze: "Only a frozen card can be unfrozen, and its provider must offer unfreezing.",
  activate: "Only a card that is not activated yet can be activated, and its provider must offer activation.",
};

/** A top-up on a card that is only paused says so, and what would let it through, rather than the general rule. */
const TOP_UP_WAITS_FOR: Partial<Record<CardForActions["status"], string>> = {
  frozen: "The card is frozen, so it cannot be topped up until it is unfrozen.",
  inactive: "The card is not activated yet, so it cannot be topped up until it is.",
};

/**
 * Why the card, in its state, model and provider, cannot take a card-change request of this kind: the change the
 * request would be carried out as is not one an approved request may make on it now. Null when it can.
 */
export function whyCardCannotTake(kind: CardRequestKind, card: CardForActions): string | null {
  if (kind === "unfreeze" && isReportedLost(card)) return REPORTED_LOST_REASON;
  const authority = approvedRequestAuthority(card.organizationId);
  if (availableCardActions(authority, card).has(CARD_ACTION_FOR[kind])) return null;
  // Only a card that would take a top-up once active is waiting for anything (not a ShareBalance card, say).
  const waitsFor = kind === "top_up" ? TOP_UP_WAITS_FOR[card.status] : undefined;
  return waitsFor && availableCardActions(authority, { ...card, status: "active" }).has("topUp") ? waitsFor : NOT_POSSIBLE[kind];
}

/**
 * A card as a request about it is weighed: its state, model and provider, whether its provider still knows it, and
 * whether its provider account is enabled (required here, not "left out, taken as enabled": a card list row that
 * lacks it must not be offered what filing refuses).
 */
export type CardForRequests = CardForActions & { accountActive: boolean; providerMissingSince: Date | null };

/**
 * Why a card-change request of this kind cannot be filed on the card as it is now: its provider no longer knows it,
 * its account is disabled (every card request moves money or releases it to be spent), or the card cannot take the
 * change. Filing refuses with this reason; the new-request form offers exactly the kinds for which it is null.
 */
export function whyCardRefusesRequest(kind: CardRequestKind, card: CardForRequests): string | null {
  if (card.providerMissingSince) return NOT_FOUND_AT_PROVIDER_REASON;
  if (!card.accountActive) return ACCOUNT_DISABLED_REASON;
  return whyCardCannotTake(kind, card);
}

/** The kinds of request that could be filed on the card as it is now (whyCardRefusesRequest is null). */
export function kindsCardCanTake(card: CardForRequests): CardRequestKind[] {
  return CARD_REQUEST_KINDS.filter((kind) => whyCardRefusesRequest(kind, card) === null);
}
