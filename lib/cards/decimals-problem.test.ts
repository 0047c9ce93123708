import { describe, expect, it } from "vitest";
import { decimalsProblem } from "./decimals-problem";

describe("the words for an amount with more decimals than its currency has", () => {
  it("say a currency without minor units has no decimals", () => {
    expect(decimalsProblem("JPY")).toBe("JPY amounts have no decimals.");
  });

  it("name how many decimals the currency allows", () => {
    expect(decimalsProblem("USD")).toBe("USD amounts have at most 2 decimal places.");
    expect(decimalsProblem("KWD")).toBe("KWD amounts have at most 3 decimal places.");
  });
});
