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
  it("quotes a top-up's fee and total from the card product's top-up fee", () => {
    const cost = requestCostOf({ kind: "top_up", approved: { amount: "2550" }, details: {}, cardModel: "prepaid", fees, providerLabel: "Card OPEN-API", currency: "USD" })!;
    expect(cost).toMatchObject({ action: "topup", amount: 2550n, amountField: "amount", totalLabel: "Total from the funding account" });
    const quote = requestCostQuote(cost, cost.amount);
    expect(quote.fee?.fee).toBe(10n);
    expect(quote.total).toBe(2560n);
  });

  it("quotes a new prepaid card's issue fee on its first load, and follows a lowered amount", () => {
    const cost = requestCostOf({ kind: "new_card", approved: { amount: "150000" }, details: { kind: "nobepay" }, cardModel: null, fees, providerLabel: "NobePay", currency: "USD" })!;
    expect(cost.action).toBe("issue");
    expect(requestCostQuote(cost, 150_000n)).toMatchObject({ total: 152_350n });
    // 1.5% of 1,200.00 = 18.00, + 1.00
    expect(requestCostQuote(cost, 120_000n).fee?.fee).toBe(1_900n);
  });

  it("quotes a new ShareBalance card's issue fee on nothing loaded, whatever its limits", () => {
    const cost = requestCostOf({ kind: "new_card", approved: { perTransactionLimit: "50000", lifetimeLimit: "500000" }, details: { kind: "cardepass-sharebalance" }, cardModel: null, fees, providerLabel: "Cardepass", currency: "USD" })!;
    expect(cost).toMatchObject({ amount: 0n, amountField: null, amountLabel: "Loaded onto the card" });
    expect(requestCostQuote(cost, cost.amount)).toMatchObject({ total: 10n });
  });

  it("says the fee is unknown (no total) where the product has none, never a zero fee", () => {
    const cost = requestCostOf({ kind: "top_up", approved: { amount: "2550" }, details: {}, cardModel: "standard", fees, providerLabel: "Cardepass", currency: "USD" })!;
    expect(cost.feeRule).toBeNull();
    expect(requestCostQuote(cost, 2550n)).toEqual({ fee: null, total: null });
  });

  it("has no cost for kinds that move no money from the funding account", () => {
    for (const kind of ["limit_increase", "unfreeze", "activate"] as const) {
      expect(requestCostOf({ kind, approved: { amount: "1" }, details: {}, cardModel: "prepaid", fees, providerLabel: "x", currency: "USD" })).toBeNull();
    }
  });
});
