import { describe, expect, it } from "vitest";
import { lowBalanceThresholdSchema } from "./schema";
import { thresholdAmountMinor } from "./threshold-amount";

describe("a low-balance threshold as typed", () => {
  it("reads plain amounts in the currency's minor units", () => {
    expect(thresholdAmountMinor(" 500 ", "usd")).toEqual({ amountMinor: "50000" });
    expect(thresholdAmountMinor("500.5", "USD")).toEqual({ amountMinor: "50050" });
    expect(thresholdAmountMinor("500", "JPY")).toEqual({ amountMinor: "500" });
  });

  it("refuses what no other amount field accepts: exponents, signs, separators", () => {
    expect(thresholdAmountMinor("5e2", "USD")).toHaveProperty("problem");
    expect(thresholdAmountMinor("+5", "USD")).toHaveProperty("problem");
    expect(thresholdAmountMinor("-5", "USD")).toHaveProperty("problem");
    expect(thresholdAmountMinor("1,000", "USD")).toEqual({ problem: "Leave out the thousands separators: 1000." });
    expect(thresholdAmountMinor("5.001", "USD")).toEqual({ problem: "USD amounts have at most 2 decimal places." });
    expect(thresholdAmountMinor("5.5", "JPY")).toEqual({ problem: "JPY amounts have no decimals." });
  });

  it("blames only the currency field for a code that is not a currency, whatever the amount's decimals", () => {
    const providerAccountId = "00000000-0000-4000-8000-000000000001";
    for (const [amount, currency] of [["500", "USS"], ["5.001", "USS"], ["500", "US"], ["5.5", "ZZZ"]] as const) {
      const read = thresholdAmountMinor(amount, currency);
      expect(read, `${amount} ${currency}`).not.toHaveProperty("problem");
      const parsed = lowBalanceThresholdSchema.safeParse({ providerAccountId, currency, amountMinor: "amountMinor" in read ? read.amountMinor : "" });
      expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join(".")), `${amount} ${currency}`).toEqual(["currency"]);
    }
  });
});
