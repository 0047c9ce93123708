import { can, type Actor } from "@/lib/auth/permissions";
import { CAPABILITIES, supports, type CardModel, type CardStatus, type ProviderName } from "@/lib/providers";
import { isReportedLost } from "./reported-lost";

export const CARD_ACTIONS = ["freeze", "unfreeze", "cancel", "topUp", "withdraw", "setLimits", "edit", "reassign", "activate", "updateAddress"] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

/** The fields of a card that decide what may be done with it. */
export type CardForActions = {
  organizationId: string;
  ownerUserId: string | null;
  teamId: string | null;
  provider: ProviderName;
  cardModel: CardModel;
  status: CardStatus;
  /** The provider's own status, where it says more than `status` (a Card OPEN-API card reported lost reads as frozen). */
  providerStatus: string | null;
  balance: bigint | null;
  /** Whether the card's provider account is enabled; left out, it is taken as enabled. */
  accountActive?: boolean;
};

/**
 * Money boundary: what a disabled provider account no longer does, because it moves money or raises spending power.
 * Freezing and cancelling reduce risk and stay possible.
 */
export const BLOCKED_WHILE_ACCOUNT_DISABLED: ReadonlySet<CardAction> = new Set<CardAction>(["topUp", "withdraw", "setLimits", "unfreeze", "activate"]);

/** Why those actions are refused, on the screen and by the server alike. */
export const ACCOUNT_DISABLED_REASON =
  "This card's provider account is disabled, so nothing that moves money or raises spending power (top-up, withdrawal, limits, unfreeze, activation) can be done with it. Freezing and cancelling still work. An admin can enable the account again in Settings.";

const LIVE: readonly CardStatus[] = ["active", "frozen", "inactive"];

/**
 * Which actions this user may take on this card right now: the role table, the provider's capabilities for the
 * card's model, and the card's state together. The UI shows exactly these; the server checks them again.
 */
export function availableCardActions(actor: Actor, card: CardForActions): Set<CardAction> {
  const capabilities = CAPABILITIES[card.provider];
  const offers = (operation: Parameters<typeof supports>[1]) => supports(capabilities, operation, card.cardModel);
  const allowed = new Set<CardAction>();
  const live = LIVE.includes(card.status);
  if (card.status === "active" && offers("freeze") && can(actor, "card.freeze", card)) allowed.add("freeze");
  if (card.status === "frozen" && !isReportedLost(card) && offers("unfreeze") && can(actor, "card.unfreeze", card)) allowed.add("unfreeze");
  if (live && offers("cancel") && can(actor, "card.cancel", card)) allowed.add("cancel");
  if (card.status === "active" && offers("topUp") && can(actor, "card.fund", card)) allowed.add("topUp");
  if (live && offers("withdraw") && (card.balance ?? 0n) > 0n && can(actor, "card.fund", card)) allowed.add("withdraw");
  if (live && offers("setLimits") && can(actor, "card.set_limits", card)) allowed.add("setLimits");
  // Activation completes an issue (cardopenapi 卡激活), so it is finance's; it releases the card's money like an
  // unfreeze, so not on their own card (four eyes).
  if (card.status === "inactive" && offers("activate") && can(actor, "card.activate", card)) allowed.add("activate");
  if (live && offers("updateHolderAddress") && can(actor, "card.edit", card)) allowed.add("updateAddress");
  // A card never issued (its issue refused) is only the record of an attempt: nothing to relabel or hand over.
  if (card.status !== "cancelled" && card.status !== "failed" && can(actor, "card.edit", card)) {
    allowed.add("edit");
    allowed.add("reassign");
  }
  if (card.accountActive === false) for (const action of BLOCKED_WHILE_ACCOUNT_DISABLED) allowed.delete(action);
  return allowed;
}

/** The money actions a card's state alone can hold back; the rest of the set follows the state by what they are. */
const HELD_BY_STATE: readonly CardAction[] = ["topUp", "withdraw", "setLimits"];

/** A money action someone would have on a card were it active, with why they do not have it now. */
export type HeldCardAction = { action: CardAction; reason: string };

/**
 * Why a card in its state takes no money until something changes, with what that is; null for a state nothing
 * releases here (closed, not issued yet) or none that holds money back. A card reported lost stays frozen
 * (REPORTED_LOST_REASON), so it is not told to be unfrozen.
 */
export function whyStateHoldsMoney(card: Pick<CardForActions, "provider" | "status" | "providerStatus">, by: "acting" | "asking" = "acting"): string | null {
  if (isReportedLost(card)) return "The card is reported lost, so it stays frozen and takes no more money.";
  if (card.status === "frozen") return by === "acting" ? "The card is frozen: unfreeze it first." : "The card is frozen: ask for it to be unfrozen first.";
  if (card.status === "inactive") return by === "acting" ? "The card is not activated yet: activate it first." : "The card is not activated yet: ask for its activation first.";
  return null;
}

/**
 * The money actions the card's state alone keeps from this user, each with why (DESIGN.md: explained rather than
 * hidden): those availableCardActions would give them were the card active. So the role table, the provider's
 * capabilities and the account's state decide as they do for the buttons, and what is offered is never named.
 */
export function cardActionsHeldByState(actor: Actor, card: CardForActions): HeldCardAction[] {
  const reason = whyStateHoldsMoney(card);
  if (!reason) return [];
  const now = availableCardActions(actor, card);
  const onceActive = availableCardActions(actor, { ...card, status: "active" });
  return HELD_BY_STATE.filter((action) => onceActive.has(action) && !now.has(action)).map((action) => ({ action, reason }));
}
