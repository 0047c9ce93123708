import { describe, expect, it } from "vitest";
import { decisionName, factsWithCardNow, listDecisionView } from "./list-decision-view";

const row = {
  id: "r1",
  kind: "top_up" as const,
  currency: "USD",
  requested: { amount: "150000" },
  approved: { amount: "150000" },
  cardAlias: "Eli – Travel",
  requestedAlias: null,
  beneficiaryName: "Eli Employee",
  beneficiaryUserId: "u1",
  requesterName: "Eli Employee",
  requesterUserId: "u1",
  teamName: "Operations",
  purpose: "Taxi and train for the client visit next week, and the hotel for two nights",
};
const decision = { step: 0, stepCount: 2, approveBlockedBy: null, policyAmount: 150000n, cardModel: "prepaid" as const };

describe("what a list row's Approve and Reject say", () => {
  it("names the request by its card, and a new card by the name it asks for and its person", () => {
    expect(decisionName(row)).toBe("top-up request for Eli – Travel");
    expect(decisionName({ ...row, kind: "new_card", cardAlias: null, requestedAlias: "Trade fair" })).toBe("new card request “Trade fair” for Eli Employee");
    expect(decisionName({ ...row, kind: "activate" })).toBe("activation request for Eli – Travel");
  });

  it("shows the card as it stands after the amount and before the purpose, once the dialog read it", () => {
    const facts = listDecisionView(row, decision).facts;
    expect(factsWithCardNow(facts, "Balance $150.00").map((fact) => fact.label)).toEqual(["Request", "Card", "For", "Amount", "Card now", "Purpose", "Step"]);
    expect(factsWithCardNow(facts, "Balance $150.00")).toContainEqual({ label: "Card now", value: "Balance $150.00" });
    expect(factsWithCardNow(facts, null)).toEqual(facts);
  });

  it("shows the amount as money, and what an earlier step lowered it to beside what was asked", () => {
    expect(listDecisionView(row, decision).facts).toEqual([
      { label: "Request", value: "Top-up" },
      { label: "Card", value: "Eli – Travel" },
      { label: "For", value: "Eli Employee (Operations)" },
      { label: "Amount", value: "$1,500.00" },
      // Whole, as the request page has it: the list cuts it short at phone width.
      { label: "Purpose", value: "Taxi and train for the client visit next week, and the hotel for two nights" },
      { label: "Step", value: "1 of 2" },
    ]);
    const lowered = listDecisionView({ ...row, approved: { amount: "90000" } }, { ...decision, step: 1 });
    expect(lowered.facts).toContainEqual({ label: "Approved", value: "$900.00" });
    expect(lowered.facts).toContainEqual({ label: "Asked", value: "$1,500.00" });
    expect(lowered.lastStep).toBe(true);
  });

  it("says what a status change releases, who asked for someone else, and a limit increase's limits", () => {
    const unfreeze = listDecisionView({ ...row, kind: "unfreeze", requested: {}, approved: {}, requesterName: "Fiona Finance", requesterUserId: "u2" }, decision);
    expect(unfreeze.facts).toContainEqual({ label: "Amount", value: "Releases $1,500.00 to be spent: the card's balance when this was asked. No money moves." });
    expect(unfreeze.facts).toContainEqual({ label: "Asked by", value: "Fiona Finance" });
    const limits = listDecisionView({ ...row, kind: "limit_increase", requested: { perTransactionLimit: "10000", lifetimeLimit: "500000" }, approved: { perTransactionLimit: "10000", lifetimeLimit: "500000" } }, decision);
    expect(limits.facts).toContainEqual({ label: "Amount", value: "$100.00 per transaction, $5,000.00 lifetime" });
  });

  it("asks the server for a cost only where money may move (not for an unfreeze or an activation)", () => {
    expect(listDecisionView(row, decision).movesMoney).toBe(true);
    expect(listDecisionView({ ...row, kind: "new_card" }, decision).movesMoney).toBe(true);
    expect(listDecisionView({ ...row, kind: "unfreeze", requested: {}, approved: {} }, decision).movesMoney).toBe(false);
    expect(listDecisionView({ ...row, kind: "activate", requested: {}, approved: {} }, decision).movesMoney).toBe(false);
  });
});
