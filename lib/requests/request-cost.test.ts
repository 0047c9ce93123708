import { describe, expect, it } from "vitest";
import type { ProductFees } from "@/lib/fees/product-fees";
import { requestCostOf, requestCostQuote } from "./request-cost";

const observedAt = "2026-11-30T09:12:00.000Z";
const fees: ProductFees = {
  "prepaid:topup": { currency: "USD", fixed: "10", ratePpm: 0, source: "last_charged", observedAt },
  "prepaid:issue": { currency: "USD", fixed: "100", ratePpm: 15_000, source: "provider", observedAt },
  "sharebalance:issue": { currency: "USD", fixed: "10", ratePpm: 0, source: "provider", observedAt },
};

describe("what a request will cost, as the top-up and issue dialogs quote it", () => {
  it("quotes a top-up's fee from the card product's top-up fee (the summary adds it to the amount)", () => {
    const cost = requestCostOf({ kind: "top_up", approved: { amount: "2550" }, details: {}, cardModel: "prepaid", fees, providerLabel: "Card OPEN-API", currency: "USD" })!;
    expect(cost).toMatchObject({ action: "topup", amount: 2550n, amountField: "amount", totalLabel: "Total from the funding account" });
    // Only the fee: what the request page and the decision panel read (CostSummary adds the total itself).
    expect(requestCostQuote(cost, cost.amount)).toEqual({ fee: { fee: 10n, currency: "USD", source: "last_charged", observedAt, rule: fees["prepaid:topup"] } });
  });

  it("quotes a new prepaid card's issue fee on its first load, and follows a lowered amount", () => {
    const cost = requestCostOf({ kind: "new_card", approved: { amount: "150000" }, details: { kind: "nobepay" }, cardModel: null, fees, providerLabel: "NobePay", currency: "USD" })!;
    expect(cost.action).toBe("issue");
    // 1.5% of 1,500.00 = 22.50, + 1.00
    expect(requestCostQuote(cost, 150_000n).fee).toMatchObject({ fee: 2_350n, currency: "USD", source: "provider" });
    // 1.5% of 1,200.00 = 18.00, + 1.00: the amount quoted, not the amount asked
    expect(requestCostQuote(cost, 120_000n).fee?.fee).toBe(1_900n);
  });

  it("quotes a new ShareBalance card's issue fee on nothing loaded, whatever its limits", () => {
    const cost = requestCostOf({ kind: "new_card", approved: { perTransactionLimit: "50000", lifetimeLimit: "500000" }, details: { kind: "cardepass-sharebalance" }, cardModel: null, fees, providerLabel: "Cardepass", currency: "USD" })!;
    expect(cost).toMatchObject({ amount: 0n, amountField: null, amountLabel: "Loaded onto the card" });
    expect(requestCostQuote(cost, cost.amount).fee).toMatchObject({ fee: 10n, currency: "USD" });
  });

  it("says the fee is unknown where the product has none, never a zero fee", () => {
    const cost = requestCostOf({ kind: "top_up", approved: { amount: "2550" }, details: {}, cardModel: "standard", fees, providerLabel: "Cardepass", currency: "USD" })!;
    expect(cost.feeRule).toBeNull();
    expect(requestCostQuote(cost, 2550n)).toEqual({ fee: null });
  });

  it("has no cost for kinds that move no money from the funding account", () => {
    for (const kind of ["limit_increase", "unfreeze", "activate"] as const) {
      expect(requestCostOf({ kind, approved: { amount: "1" }, details: {}, cardModel: "prepaid", fees, providerLabel: "x", currency: "USD" })).toBeNull();
    }
  });
});
