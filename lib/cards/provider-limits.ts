import { supports, type ProviderCapabilities, type ProviderOperation } from "@/lib/providers/interface";
import type { CardModel } from "@/lib/providers/types";
import { providerLabel } from "@/lib/providers/errors";
import { can, type Actor, type OwnedResource } from "@/lib/auth/permissions";
import { cancelReturnsBalance } from "./cancel-returns-balance";

/** An action a card's provider does not offer, said in plain words, with what a cardholder can do instead. */
export type MissingCardAction = { operation: ProviderOperation; action: string; why: string; instead: string };

type Explanation = {
  action: string;
  /** From the provider's capabilities, never from its name, so a provider added later is described by what it offers. */
  why: (provider: string, model: CardModel, capabilities: ProviderCapabilities) => string;
  /** Built from what the provider does offer for this card, so it never suggests an action that does not exist. */
  instead: (provider: string, model: CardModel, capabilities: ProviderCapabilities) => string;
};

/** "a", "a, or b": the alternatives a cardholder has, in order. */
const either = (options: (string | null)[]) => options.filter((option) => option !== null).join(", or ");

/** What happens to a cancelled card's balance, only as far as the provider's documents say (cancelReturnsBalance). */
function cancelAdvice(capabilities: ProviderCapabilities, model: CardModel): string {
  if (!supports(capabilities, "cancel", model)) return "If the card may be misused, tell finance at once.";
  if (model === "sharebalance") return "If the card may be misused, ask finance to cancel it: a cancelled card cannot be used again.";
  const provider = providerLabel(capabilities.provider);
  if (cancelReturnsBalance(capabilities.provider, model)) {
    return `If the card may be misused, ask finance to cancel it: a cancelled card cannot be used again and its balance returns to the company's ${provider} funding account.`;
  }
  const withdrawFirst = supports(capabilities, "withdraw", model) ? ", withdrawing its balance first" : "";
  return `If the card may be misused, ask finance to cancel it${withdrawFirst}: a cancelled card cannot be used again.`;
}

const EXPLAINED: Partial<Record<ProviderOperation, Explanation>> = {
  freeze: {
    action: "Freeze and unfreeze",
    why: (p) => `${p} offers no way to pause a card.`,
    instead: (_p, model, capabilities) => cancelAdvice(capabilities, model),
  },
  topUp: {
    action: "Top up",
    why: (p, model) => (model === "sharebalance" ? `${p} ShareBalance cards spend from the shared funding account; they hold no balance of their own.` : `${p} does not accept top-ups for this card.`),
    instead: (_p, model, capabilities) => {
      const higherLimit = supports(capabilities, "setLimits", model) ? "request a higher limit instead" : null;
      const otherCard = capabilities.cardModels.some((other) => other !== model && supports(capabilities, "topUp", other)) ? "ask finance for a card that holds its own balance" : null;
      const options = either([higherLimit, otherCard]);
      return options ? `${options.charAt(0).toUpperCase()}${options.slice(1)}.` : "Ask finance for another card if this one cannot cover what you need.";
    },
  },
  withdraw: {
    action: "Withdraw the balance",
    why: (p, model) => (model === "sharebalance" ? `${p} ShareBalance cards hold no balance to withdraw.` : `${p} offers no withdrawal from a card.`),
    instead: (p, model, capabilities) => {
      if (model === "sharebalance") return "Nothing to do: what the card does not spend stays in the shared funding account.";
      if (supports(capabilities, "cancel", model) && cancelReturnsBalance(capabilities.provider, model)) return "Whatever is left on the card returns to the company when finance cancels it.";
      return `Spend what is on the card; ${p}'s documents do not say whether a cancelled card's balance comes back to the company.`;
    },
  },
  setLimits: {
    action: "Change spending limits",
    why: (p, model, capabilities) => {
      if (model === "sharebalance") return `${p} does not offer limits here.`;
      // A provider with per-transaction limits may have set one at issue (a Cardepass v2 Standard card's maxAuthAmount):
      // the page must not say the card has none.
      if (capabilities.limits.perTransaction) return `${p} offers no way to change this card's limits: it spends its own balance, within any per-transaction limit set when it was issued.`;
      return `${p} cards of this kind spend only their own balance; they have no separate limits.`;
    },
    instead: (_p, model, capabilities) => {
      if (model === "sharebalance") return "Ask finance for another card if this one's limits do not fit.";
      // Said of the card, not of the reader: finance tops up where a cardholder asks, and a top-up may already be asked for.
      const topUp = supports(capabilities, "topUp", model);
      const withdraw = supports(capabilities, "withdraw", model);
      if (topUp && withdraw) return "The card spends only what is on it: a top-up lets it spend more, a withdrawal by finance less.";
      if (topUp) return "The card spends only what is on it: a top-up lets it spend more.";
      if (withdraw) return "The card spends only what is on it: a withdrawal by finance lets it spend less.";
      return "The card spends only what is on it.";
    },
  },
  getCardSecrets: {
    action: "Show the card number",
    why: (p) => `${p} does not return the card number, CVV or expiry for this account.`,
    instead: () => "Use the card where it is already saved, or ask finance how the provider hands out card details.",
  },
};

/** freeze stands for unfreeze too; the others are listed once each. */
const LISTED: ProviderOperation[] = ["freeze", "topUp", "withdraw", "setLimits", "getCardSecrets"];

/**
 * What this card's provider account does not offer for a card of this model, so the card page can say so instead
 * of leaving the button out silently (DESIGN.md: "an action a provider cannot do explained rather than hidden").
 */
export function missingCardActions(capabilities: ProviderCapabilities, model: CardModel): MissingCardAction[] {
  const provider = providerLabel(capabilities.provider);
  return LISTED.filter((operation) => !supports(capabilities, operation, model)).map((operation) => {
    const explained = EXPLAINED[operation]!;
    return { operation, action: explained.action, why: explained.why(provider, model, capabilities), instead: explained.instead(provider, model, capabilities) };
  });
}

/**
 * The limitations worth telling this viewer: only operations they could take on this card (or, on their own card,
 * ask for) if the provider offered them. Someone who could never top the card up is not told that its provider does
 * not accept top-ups (an auditor, a manager); the role table decides, as it does for the buttons.
 */
export function limitationsFor(actor: Actor, card: OwnedResource, missing: MissingCardAction[]): MissingCardAction[] {
  const asks = card.ownerUserId === actor.id && can(actor, "card.request", card);
  const could: Partial<Record<ProviderOperation, boolean>> = {
    freeze: can(actor, "card.freeze", card) || can(actor, "card.unfreeze", card) || asks,
    topUp: can(actor, "card.fund", card) || asks,
    withdraw: can(actor, "card.fund", card),
    setLimits: can(actor, "card.set_limits", card) || asks,
    getCardSecrets: can(actor, "card.reveal", card),
  };
  return missing.filter((item) => could[item.operation] === true);
}
