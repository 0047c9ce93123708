import { describe, expect, it } from "vitest";
import { outcomeLabel } from "@/lib/audit/outcome-labels";
import { withoutRepeatedRefusals } from "./card-history-rows";

const ORDER = "5d0e7c7f-4a02-4c3a-9a6f-0b0e7e551d34";
const OTHER = "6e1f8d8f-5b13-4d4b-8b7f-1c1f8f662e45";
const summary = { orderId: ORDER, type: "issue", amount: "2500", currency: "USD", failureCode: "insufficient_funds", failureMessage: "Not enough money." };

describe("a card's history", () => {
  it("tells a refused issue once: the request, then the provider's refusal, without the card's copy of the same refusal", () => {
    // Newest first, as the history lists them; the two failure rows are written in one transaction (failLocked).
    const rows = [
      { id: "3", action: "order.failed", summary },
      { id: "2", action: "card.issue_failed", summary },
      { id: "1", action: "order.created", summary: { orderId: ORDER, type: "issue", amount: "2500", currency: "USD" } },
    ];
    expect(withoutRepeatedRefusals(rows).map((row) => row.action)).toEqual(["order.failed", "order.created"]);
  });

  it("keeps a card.issue_failed row whose order's refusal is not among the rows shown", () => {
    const rows = [
      { id: "2", action: "order.failed", summary: { ...summary, orderId: OTHER } },
      { id: "1", action: "card.issue_failed", summary },
    ];
    expect(withoutRepeatedRefusals(rows).map((row) => row.id)).toEqual(["2", "1"]);
  });

  it("reads a request sent to the provider as requested, not as if what it asked for succeeded", () => {
    expect(outcomeLabel("order.created", "success")).toBe("Requested");
    expect(outcomeLabel("card.issued", "success")).toBe("Succeeded");
    expect(outcomeLabel("order.failed", "failure")).toBe("Failed");
  });
});
