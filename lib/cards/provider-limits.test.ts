import { describe, expect, it } from "vitest";
import { CAPABILITIES, capabilitiesFor } from "@/lib/providers";
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
  });

  it("Card OPEN-API: no withdrawal and no limits", () => {
    const missing = missingCardActions(CAPABILITIES.cardopenapi, "prepaid");
    expect(ops(missing)).toEqual(["withdraw", "setLimits"]);
    expect(missing[0]!.why).toBe("Card OPEN-API offers no withdrawal from a card.");
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
