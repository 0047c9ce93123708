import { describe, expect, it } from "vitest";
import { CAPABILITIES, capabilitiesFor } from "@/lib/providers";
import { missingCardActions } from "./provider-limits";

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
