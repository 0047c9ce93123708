import { describe, expect, it } from "vitest";
import type { Role } from "@/db/schema/users";
import { availableCardActions, type CardForActions } from "./card-actions";

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
