import { describe, expect, it } from "vitest";
import { CAPABILITIES, capabilitiesFor, type CardModel, type ProviderCapabilities, type ProviderOperation } from "@/lib/providers";
import type { Actor } from "@/lib/auth/permissions";
import { limitationsFor, missingCardActions } from "./provider-limits";

const ops = (list: { operation: string }[]) => list.map((m) => m.operation);

describe("what a card's provider does not offer, explained", () => {
  it("NobePay: no freeze and no limits", () => {
    // provider-docs README: "No freeze endpoint is documented." nobepay.md names create, deposit, update, withdraw, cancel —
    // no freeze/unfreeze and no limits ("ALL amounts are integer cents": cards are prepaid balances).
    const missing = missingCardActions(CAPABILITIES.nobepay, "prepaid");
    expect(ops(missing)).toEqual(["freeze", "setLimits"]);
    expect(missing[0]).toMatchObject({ action: "Freeze and unfreeze", why: "NobePay offers no way to pause a card." });
    expect(missing[0]!.instead).toMatch(/cancel/);
  });

  it("Cardepass depends on the card model and on the account's document", () => {
    expect(ops(missingCardActions(CAPABILITIES.cardepass, "sharebalance"))).toEqual(["topUp", "withdraw"]);
    expect(ops(missingCardActions(CAPABILITIES.cardepass, "standard"))).toEqual(["setLimits"]);
    // cardepass-v2.md's card detail carries no cardNumber, cvv or expirationMMYY.
    expect(ops(missingCardActions(capabilitiesFor("cardepass", { apiVersion: "v2" }), "standard"))).toEqual(["setLimits", "getCardSecrets"]);
    // A v2 Standard card may carry a per-transaction limit from its issue: the page must not say it has none.
    expect(missingCardActions(capabilitiesFor("cardepass", { apiVersion: "v2" }), "standard")[0]!.why).toBe(
      "Cardepass offers no way to change this card's limits: it spends its own balance, within any per-transaction limit set when it was issued.",
    );
  });

  it("Card OPEN-API: no withdrawal and no limits", () => {
    const missing = missingCardActions(CAPABILITIES.cardopenapi, "prepaid");
    expect(ops(missing)).toEqual(["withdraw", "setLimits"]);
    expect(missing[0]!.why).toBe("Card OPEN-API offers no withdrawal from a card.");
  });
});

describe("why a card's limits cannot be changed, from what its provider offers", () => {
  const setLimitsWhy = (capabilities: ProviderCapabilities, model: CardModel) => missingCardActions(capabilities, model).find((item) => item.operation === "setLimits")!.why;
  const PER_TRANSACTION = "offers no way to change this card's limits: it spends its own balance, within any per-transaction limit set when it was issued.";
  const NO_LIMITS = "cards of this kind spend only their own balance; they have no separate limits.";

  it("says each provider's sentence as today", () => {
    expect(setLimitsWhy(CAPABILITIES.cardepass, "standard")).toBe(`Cardepass ${PER_TRANSACTION}`);
    expect(setLimitsWhy(capabilitiesFor("cardepass", { apiVersion: "v2" }), "standard")).toBe(`Cardepass ${PER_TRANSACTION}`);
    expect(setLimitsWhy(CAPABILITIES.nobepay, "prepaid")).toBe(`NobePay ${NO_LIMITS}`);
    expect(setLimitsWhy(CAPABILITIES.cardopenapi, "prepaid")).toBe(`Card OPEN-API ${NO_LIMITS}`);
    const noSharedLimits: ProviderCapabilities = { ...CAPABILITIES.cardepass, operations: { ...CAPABILITIES.cardepass.operations, setLimits: false } };
    expect(setLimitsWhy(noSharedLimits, "sharebalance")).toBe("Cardepass does not offer limits here.");
  });

  it("speaks of a per-transaction limit only where the provider has per-transaction limits, whatever its name", () => {
    // Not the lifetime limit, and not whether limits can be changed on another model: only a per-transaction limit.
    const nobepayWithPerTransaction: ProviderCapabilities = { ...CAPABILITIES.nobepay, limits: { perTransaction: true, lifetime: false } };
    expect(setLimitsWhy(nobepayWithPerTransaction, "prepaid")).toBe(`NobePay ${PER_TRANSACTION}`);
    const cardepassWithoutPerTransaction: ProviderCapabilities = { ...CAPABILITIES.cardepass, limits: { perTransaction: false, lifetime: true } };
    expect(setLimitsWhy(cardepassWithoutPerTransaction, "standard")).toBe(`Cardepass ${NO_LIMITS}`);
  });
});

describe("which of those a viewer is told about", () => {
  const org = "org-1";
  const person = (id: string, roles: Actor["roles"], teams: { teamIds?: string[]; managedTeamIds?: string[] } = {}): Actor => ({
    id,
    organizationId: org,
    roles,
    teamIds: teams.teamIds ?? [],
    managedTeamIds: teams.managedTeamIds ?? [],
  });
  const card = { organizationId: org, ownerUserId: "eli", teamId: "team-a" };
  // Cardepass v2 ShareBalance: no top-up, no withdrawal, no card number.
  const missing = missingCardActions(capabilitiesFor("cardepass", { apiVersion: "v2" }), "sharebalance");

  it("tells finance every action it could otherwise take", () => {
    expect(ops(missing)).toEqual(["topUp", "withdraw", "getCardSecrets"]);
    expect(ops(limitationsFor(person("fiona", ["finance"]), card, missing))).toEqual(["topUp", "withdraw"]);
    expect(ops(limitationsFor(person("fiona", ["finance"]), { ...card, ownerUserId: null }, missing))).toEqual(["topUp", "withdraw", "getCardSecrets"]);
  });

  it("tells an auditor or an administrator nothing: they could take none of them", () => {
    expect(limitationsFor(person("ada", ["auditor"]), card, missing)).toEqual([]);
    expect(limitationsFor(person("adam", ["admin"]), card, missing)).toEqual([]);
  });

  it("tells the team's manager only about freezing, which they could do", () => {
    const manager = person("max", ["manager"], { managedTeamIds: ["team-a"] });
    expect(limitationsFor(manager, card, missing)).toEqual([]);
    expect(ops(limitationsFor(manager, card, missingCardActions(CAPABILITIES.nobepay, "prepaid")))).toEqual(["freeze"]);
    expect(limitationsFor(person("max", ["manager"], { managedTeamIds: ["team-b"] }), card, missingCardActions(CAPABILITIES.nobepay, "prepaid"))).toEqual([]);
  });

  it("tells the cardholder what they could do or ask for on their own card", () => {
    expect(ops(limitationsFor(person("eli", ["employee"], { teamIds: ["team-a"] }), card, missing))).toEqual(["topUp", "getCardSecrets"]);
    expect(ops(limitationsFor(person("eli", ["employee"], { teamIds: ["team-a"] }), card, missingCardActions(CAPABILITIES.nobepay, "prepaid")))).toEqual(["freeze", "setLimits"]);
  });
});

describe("what the cardholder is told to do instead: only what the provider offers", () => {
  const instead = (capabilities: ProviderCapabilities, model: CardModel, operation: ProviderOperation) =>
    missingCardActions(capabilities, model).find((item) => item.operation === operation)!.instead;

  it("Card OPEN-API: no withdrawal to ask for, and no promise about a cancelled card's balance", () => {
    // cardopenapi.md's contents name 卡充值 (top-up) and 发起销卡 (start cancellation), unspecified, and no withdrawal.
    expect(instead(CAPABILITIES.cardopenapi, "prepaid", "setLimits")).toBe("The card spends only what is on it: a top-up lets it spend more.");
    expect(instead(CAPABILITIES.cardopenapi, "prepaid", "withdraw")).toBe(
      "Spend what is on the card; Card OPEN-API's documents do not say whether a cancelled card's balance comes back to the company.",
    );
  });

  it("NobePay: cancel after withdrawing the balance, with no claim about where a cancelled card's balance goes", () => {
    // nobepay.md 删除卡片 (/card/cancel) answers only `data: true`; the card history records "CANCEL_CARD: 删卡" with
    // "desp": "Cancel Card，remain balance: $11.00" and says nothing of where it goes. 卡片退款 (/card/withdraw) exists.
    const freeze = instead(CAPABILITIES.nobepay, "prepaid", "freeze");
    expect(freeze).toBe("If the card may be misused, ask finance to cancel it, withdrawing its balance first: a cancelled card cannot be used again.");
    expect(freeze).not.toMatch(/returns to the company/);
    expect(instead(CAPABILITIES.nobepay, "prepaid", "setLimits")).toBe(
      "The card spends only what is on it: a top-up lets it spend more, a withdrawal by finance less.",
    );
  });

  it("Cardepass ShareBalance: a higher limit, or a Standard card, which holds its own balance", () => {
    expect(instead(CAPABILITIES.cardepass, "sharebalance", "topUp")).toBe("Request a higher limit instead, or ask finance for a card that holds its own balance.");
    expect(instead(CAPABILITIES.cardepass, "sharebalance", "withdraw")).toBe("Nothing to do: what the card does not spend stays in the shared funding account.");
  });

  it("suggests nothing a provider lacks: without top-up, withdrawal or cancellation there is only finance to tell", () => {
    const none: ProviderCapabilities = { ...CAPABILITIES.nobepay, operations: { ...CAPABILITIES.nobepay.operations, topUp: false, withdraw: false, cancel: false } };
    expect(instead(none, "prepaid", "freeze")).toBe("If the card may be misused, tell finance at once.");
    expect(instead(none, "prepaid", "setLimits")).toBe("The card spends only what is on it.");
    expect(instead(none, "prepaid", "topUp")).toBe("Ask finance for another card if this one cannot cover what you need.");
    const withdrawOnly: ProviderCapabilities = { ...CAPABILITIES.nobepay, operations: { ...CAPABILITIES.nobepay.operations, topUp: false } };
    expect(instead(withdrawOnly, "prepaid", "setLimits")).toBe("The card spends only what is on it: a withdrawal by finance lets it spend less.");
  });

  it("promises the balance back only where the documents do (Cardepass Standard's settleAmount)", () => {
    const cardepassWithoutFreeze: ProviderCapabilities = { ...CAPABILITIES.cardepass, operations: { ...CAPABILITIES.cardepass.operations, freeze: false } };
    expect(instead(cardepassWithoutFreeze, "standard", "freeze")).toBe(
      "If the card may be misused, ask finance to cancel it: a cancelled card cannot be used again and its balance returns to the company's Cardepass funding account.",
    );
  });
});
