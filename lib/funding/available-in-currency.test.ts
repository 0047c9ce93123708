import { describe, expect, it } from "vitest";
import { availableInCurrency } from "./available-in-currency";

describe("availableInCurrency", () => {
  it("sums the sources in the currency and counts the ones the provider did not report (NobePay's travel BIN)", () => {
    const balances = [
      { currency: "USD", available: 1_000_000n },
      { currency: "USD", available: 50_000n },
      { currency: "USD", available: null },
      { currency: "EUR", available: 7n },
    ];
    expect(availableInCurrency(balances, "USD")).toEqual({ available: 1_050_000n, sources: 3, unreported: 1 });
    expect(availableInCurrency(balances, "EUR")).toEqual({ available: 7n, sources: 1, unreported: 0 });
  });

  it("is unknown, not zero, when no source reported a balance", () => {
    expect(availableInCurrency([{ currency: "USD", available: null }], "USD")).toEqual({ available: null, sources: 1, unreported: 1 });
  });
});
