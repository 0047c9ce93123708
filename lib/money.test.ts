import { describe, expect, it } from "vitest";
import {
  addMoney,
  amountBoundMinor,
  compareMoney,
  currencyExponent,
  formatAmount,
  formatAmountPlain,
  moneyFromMinor,
  moneyToJson,
  parseMoney,
  stringifyWithMoney,
  subtractMoney,
} from "@/lib/money";

describe("parseMoney", () => {
  it.each([
    [200.5, "USD", 20050n],
    [401.49, "USD", 40149n],
    [0.1, "USD", 10n],
    [0.2, "USD", 20n],
    [1000.5, "USD", 100050n],
    [9999.3, "USD", 999930n],
    [-3.9, "USD", -390n],
    [-25.5, "USD", -2550n],
    [1.005e2, "USD", 10050n],
    [-0, "USD", 0n],
    [123456789012.34, "USD", 12345678901234n],
    [1500, "JPY", 1500n],
    [1.234, "KWD", 1234n],
  ])("number %s %s → %s minor units", (value, currency, expected) => {
    expect(parseMoney(value, currency)).toEqual({ amount: expected, currency });
  });

  it.each([
    ["10", "USD", 1000n],
    ["10.5", "USD", 1050n],
    ["0.01", "USD", 1n],
    [".5", "USD", 50n],
    ["-0.05", "USD", -5n],
    ["+7", "USD", 700n],
    [" 12.34 ", "USD", 1234n],
    ["10.00", "JPY", 10n],
    ["1.230", "USD", 123n],
    ["92233720368547758.07", "USD", 9223372036854775807n],
  ])("string %j %s → %s minor units", (value, currency, expected) => {
    expect(parseMoney(value, currency).amount).toBe(expected);
  });

  it("never uses float arithmetic: 0.1 + 0.2 stays exact", () => {
    const sum = addMoney(parseMoney(0.1, "USD"), parseMoney(0.2, "USD"));
    expect(formatAmount(sum)).toBe("0.30");
  });

  it.each([
    [Number.NaN, "USD"],
    [Number.POSITIVE_INFINITY, "USD"],
    [Number.NEGATIVE_INFINITY, "USD"],
    [0.001, "USD"],
    [1e-7, "USD"],
    ["1.001", "USD"],
    ["1.5", "JPY"],
    ["abc", "USD"],
    ["", "USD"],
    ["1,000.00", "USD"],
    ["12", "US"],
    ["12", "usdx"],
  ])("rejects %j %s", (value, currency) => {
    expect(() => parseMoney(value, currency)).toThrow();
  });

  it("normalizes the currency code", () => {
    expect(parseMoney("1", "usd").currency).toBe("USD");
  });
});

describe("amountBoundMinor", () => {
  it.each([
    ["25.555", 2, "min", 2556n],
    ["25.555", 2, "max", 2555n],
    ["25.5", 0, "min", 26n],
    ["25.5", 0, "max", 25n],
    ["25.5555", 3, "min", 25_556n],
    ["25.5555", 3, "max", 25_555n],
    ["25.5001", 2, "min", 2551n],
    ["25.5099", 2, "max", 2550n],
    ["0.0001", 2, "min", 1n],
    ["0.0001", 2, "max", 0n],
    ["-25.555", 2, "min", -2555n],
    ["-25.555", 2, "max", -2556n],
  ] as const)("%s with %i decimals as a %s → %s", (bound, exponent, side, expected) => {
    expect(amountBoundMinor(bound, exponent, side)).toBe(expected);
  });

  it("keeps a bound the minor unit can hold as it is, on either side", () => {
    for (const side of ["min", "max"] as const) {
      expect(amountBoundMinor("25.50", 2, side)).toBe(2550n);
      expect(amountBoundMinor("25.5000", 2, side)).toBe(2550n);
      expect(amountBoundMinor("25.000", 0, side)).toBe(25n);
      expect(amountBoundMinor("1000", 2, side)).toBe(100_000n);
      expect(amountBoundMinor("25.5555", 4, side)).toBe(255_555n);
    }
  });

  it("rejects text that is not a number", () => {
    expect(() => amountBoundMinor("abc", 2, "min")).toThrow(/not a number/);
  });
});

describe("moneyFromMinor", () => {
  it("accepts integer cents in every wire form", () => {
    expect(moneyFromMinor(1000, "USD").amount).toBe(1000n);
    expect(moneyFromMinor("-26", "USD").amount).toBe(-26n);
    expect(moneyFromMinor(5n, "USD").amount).toBe(5n);
  });
  it("rejects fractions and unsafe numbers", () => {
    expect(() => moneyFromMinor(10.5, "USD")).toThrow();
    expect(() => moneyFromMinor("10.5", "USD")).toThrow();
    expect(() => moneyFromMinor(2 ** 60, "USD")).toThrow();
    expect(() => moneyFromMinor(Number.NaN, "USD")).toThrow();
  });
});

describe("formatting", () => {
  it.each([
    [1234n, "USD", "12.34", "12.34"],
    [1000n, "USD", "10.00", "10"],
    [1050n, "USD", "10.50", "10.5"],
    [5n, "USD", "0.05", "0.05"],
    [-5n, "USD", "-0.05", "-0.05"],
    [-390n, "USD", "-3.90", "-3.9"],
    [0n, "USD", "0.00", "0"],
    [1500n, "JPY", "1500", "1500"],
    [1234n, "KWD", "1.234", "1.234"],
  ])("%s %s → %s / %s", (amount, currency, fixed, plain) => {
    expect(formatAmount({ amount, currency })).toBe(fixed);
    expect(formatAmountPlain({ amount, currency })).toBe(plain);
  });

  it("knows the exponents", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("BHD")).toBe(3);
  });

  it("serializes to the JSON shape, nested too", () => {
    expect(moneyToJson({ amount: 1234n, currency: "USD" })).toEqual({ amount: "12.34", currency: "USD" });
    const json = stringifyWithMoney({ balance: { amount: 1234n, currency: "USD" }, count: 3n });
    expect(json).toBe('{"balance":{"amount":"12.34","currency":"USD"},"count":"3"}');
  });

  it("round-trips parse → format", () => {
    for (const text of ["0.01", "12.34", "-99.99", "100000.00"]) {
      expect(formatAmount(parseMoney(text, "USD"))).toBe(text);
    }
  });
});

describe("arithmetic", () => {
  it("refuses to mix currencies", () => {
    expect(() => addMoney(parseMoney("1", "USD"), parseMoney("1", "EUR"))).toThrow(/USD and EUR/);
  });
  it("subtracts and compares", () => {
    const a = parseMoney("10", "USD");
    const b = parseMoney("2.5", "USD");
    expect(subtractMoney(a, b).amount).toBe(750n);
    expect(compareMoney(a, b)).toBe(1);
    expect(compareMoney(b, a)).toBe(-1);
    expect(compareMoney(a, a)).toBe(0);
  });
});
