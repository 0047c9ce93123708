import { describe, expect, it } from "vitest";
import { currencyFilterKept, currencyFilterOptions } from "./currency-filter";

describe("the currency filter's choices", () => {
  it("adds a chosen currency no card is in, marked, in code order; an offered one is not repeated", () => {
    expect(currencyFilterOptions(["GBP", "USD"], "EUR", "no cards")).toEqual([
      { value: "EUR", label: "EUR (no cards)" },
      { value: "GBP", label: "GBP" },
      { value: "USD", label: "USD" },
    ]);
    expect(currencyFilterOptions(["GBP", "USD"], "USD", "no cards")).toEqual([
      { value: "GBP", label: "GBP" },
      { value: "USD", label: "USD" },
    ]);
    expect(currencyFilterOptions([], undefined, "no cards")).toEqual([]);
  });

  it("keeps a real currency from the link, or an offered code, and not a code that is neither", () => {
    expect(currencyFilterKept([], "EUR")).toBe(true);
    expect(currencyFilterKept([], "XXX")).toBe(false);
    expect(currencyFilterKept([], "ABC")).toBe(false);
    // A code a provider stored for a card is offered, and so kept, whether or not the runtime lists it.
    expect(currencyFilterKept(["ABC"], "ABC")).toBe(true);
  });
});
