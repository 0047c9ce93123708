import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema/users";
import { availableCardActions, cardActionsHeldByState, type CardForActions } from "./card-actions";

const actor = (role: Role) => ({ id: "me", organizationId: "o", roles: [role], teamIds: ["t"], managedTeamIds: role === "manager" ? ["t"] : [] });
const card = (overrides: Partial<CardForActions> = {}): CardForActions => ({
  organizationId: "o",
  ownerUserId: "me",
  teamId: "t",
  provider: "cardepass",
  cardModel: "sharebalance",
  status: "active",
  providerStatus: null,
  balance: null,
  ...overrides,
});

describe("availableCardActions", () => {
  it("gives finance every action a ShareBalance card supports", () => {
    expect([...availableCardActions(actor("finance"), card({ ownerUserId: "someone" }))].sort()).toEqual(["cancel", "edit", "freeze", "reassign", "setLimits"]);
  });

  it("offers top-up and withdraw (only with a balance) on prepaid cards, never limits", () => {
    const funded = availableCardActions(actor("finance"), card({ ownerUserId: "someone", cardModel: "standard", balance: 500n }));
    expect(funded.has("topUp")).toBe(true);
    expect(funded.has("withdraw")).toBe(true);
    expect(funded.has("setLimits")).toBe(false);
    expect(availableCardActions(actor("finance"), card({ ownerUserId: "someone", cardModel: "standard", balance: 0n })).has("withdraw")).toBe(false);
  });

  it("offers finance no money or limit action on their own card (four eyes): they ask through a request", () => {
    expect([...availableCardActions(actor("finance"), card())].sort()).toEqual(["cancel", "edit", "freeze", "reassign"]);
    expect([...availableCardActions(actor("finance"), card({ cardModel: "standard", balance: 500n }))].sort()).toEqual(["cancel", "edit", "freeze", "reassign"]);
    expect(availableCardActions(actor("finance"), card({ status: "frozen" })).has("unfreeze")).toBe(false);
    expect(availableCardActions(actor("finance"), card({ status: "frozen", ownerUserId: "someone" })).has("unfreeze")).toBe(true);
  });

  it("offers finance no activation of their own inactive card (four eyes: it releases the card's money), and a colleague's", () => {
    expect(availableCardActions(actor("finance"), card({ provider: "cardopenapi", cardModel: "prepaid", status: "inactive", balance: 10_000n })).has("activate")).toBe(false);
    expect(availableCardActions(actor("finance"), card({ provider: "cardopenapi", cardModel: "prepaid", status: "inactive", balance: 10_000n, ownerUserId: "someone" })).has("activate")).toBe(true);
    expect(availableCardActions(actor("finance"), card({ provider: "cardopenapi", cardModel: "prepaid", status: "inactive", balance: 10_000n, ownerUserId: null })).has("activate")).toBe(true);
  });

  it("lets an employee only freeze their own active card", () => {
    expect([...availableCardActions(actor("employee"), card())]).toEqual(["freeze"]);
    expect([...availableCardActions(actor("employee"), card({ status: "frozen" }))]).toEqual([]);
    expect([...availableCardActions(actor("employee"), card({ ownerUserId: "someone" }))]).toEqual([]);
  });

  it("follows the provider: NobePay documents no freeze, cardopenapi no withdrawal", () => {
    expect(availableCardActions(actor("finance"), card({ provider: "nobepay", cardModel: "prepaid", balance: 100n })).has("freeze")).toBe(false);
    expect(availableCardActions(actor("finance"), card({ provider: "cardopenapi", cardModel: "prepaid", balance: 100n })).has("withdraw")).toBe(false);
  });

  it("offers no unfreeze of a Card OPEN-API card reported lost (6 已挂失), read as frozen; cancelling it stays possible", () => {
    const lost = card({ provider: "cardopenapi", cardModel: "prepaid", status: "frozen", providerStatus: "6", ownerUserId: "someone", balance: 100n });
    expect(availableCardActions(actor("finance"), lost).has("unfreeze")).toBe(false);
    expect(availableCardActions(actor("finance"), lost).has("cancel")).toBe(true);
    // An ordinary freeze (3 已冻结), and another provider's status that happens to read "6", are unfrozen as before.
    expect(availableCardActions(actor("finance"), { ...lost, providerStatus: "3" }).has("unfreeze")).toBe(true);
    expect(availableCardActions(actor("finance"), card({ status: "frozen", providerStatus: "6", ownerUserId: "someone" })).has("unfreeze")).toBe(true);
  });

  it("offers nothing but viewing on a cancelled card, and nothing at all to auditors", () => {
    expect(availableCardActions(actor("finance"), card({ status: "cancelled" })).size).toBe(0);
    expect(availableCardActions(actor("auditor"), card()).size).toBe(0);
  });
});

describe("cardActionsHeldByState", () => {
  const openapi = (overrides: Partial<CardForActions> = {}) => card({ provider: "cardopenapi", cardModel: "prepaid", ownerUserId: "someone", balance: 10_000n, ...overrides });

  it("says why a frozen or not-yet-activated card takes no top-up, rather than leaving the button out silently", () => {
    expect(cardActionsHeldByState(actor("finance"), openapi({ status: "frozen", providerStatus: "3" }))).toEqual([{ action: "topUp", reason: "The card is frozen: unfreeze it first." }]);
    expect(cardActionsHeldByState(actor("finance"), openapi({ status: "inactive", providerStatus: "1" }))).toEqual([{ action: "topUp", reason: "The card is not activated yet: activate it first." }]);
    expect(cardActionsHeldByState(actor("finance"), card({ cardModel: "standard", status: "frozen", ownerUserId: "someone", balance: 500n }))).toEqual([
      { action: "topUp", reason: "The card is frozen: unfreeze it first." },
    ]);
  });

  it("does not tell a Card OPEN-API card reported lost (6 已挂失) to be unfrozen: it stays frozen", () => {
    expect(cardActionsHeldByState(actor("finance"), openapi({ status: "frozen", providerStatus: "6" }))).toEqual([
      { action: "topUp", reason: "The card is reported lost, so it stays frozen and takes no more money." },
    ]);
  });

  it("holds nothing on an active card, and never names what the action set itself offers", () => {
    expect(cardActionsHeldByState(actor("finance"), openapi())).toEqual([]);
    // Withdraw and limits follow a live card whatever its state: a frozen card keeps them.
    expect(cardActionsHeldByState(actor("finance"), card({ status: "frozen", ownerUserId: "someone" }))).toEqual([]);
  });

  it("names only what this person would otherwise have: not the role's, not the provider's, not a disabled account's", () => {
    // Nobody funds their own card directly (four eyes), an employee or auditor never does: they are told nothing here.
    expect(cardActionsHeldByState(actor("finance"), openapi({ status: "frozen", ownerUserId: "me" }))).toEqual([]);
    expect(cardActionsHeldByState(actor("employee"), openapi({ status: "frozen", ownerUserId: "me" }))).toEqual([]);
    expect(cardActionsHeldByState(actor("auditor"), openapi({ status: "frozen" }))).toEqual([]);
    expect(cardActionsHeldByState(actor("manager"), openapi({ status: "frozen" }))).toEqual([]);
    // A ShareBalance card takes no top-up from its provider at all: the "Not offered by" panel says so, not this.
    expect(cardActionsHeldByState(actor("finance"), card({ status: "frozen", ownerUserId: "someone" })).map((held) => held.action)).not.toContain("topUp");
    // A disabled account holds money actions whatever the card's state; its own notice says why.
    expect(cardActionsHeldByState(actor("finance"), openapi({ status: "frozen", accountActive: false }))).toEqual([]);
  });

  it("says nothing about a card that is closed or not issued yet: nothing will release it", () => {
    for (const status of ["cancelled", "expired", "pending", "cancelling"] as const) expect(cardActionsHeldByState(actor("finance"), openapi({ status })), status).toEqual([]);
  });
});
