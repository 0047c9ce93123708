import { describe, expect, it } from "vitest";
import { formatDecimalMoney, formatMoney, formatSignedMoney, formatUtcDate, formatUtcDateTime, minorToDecimalText } from "./format";
import { formatPercentChange } from "./format-percent-change";

describe("formatMoney", () => {
  it("formats minor units with the currency's symbol, grouping and decimals", () => {
    expect(formatMoney(123450n, "USD")).toBe("$1,234.50");
    expect(formatMoney(5n, "usd")).toBe("$0.05");
    expect(formatMoney(-250n, "EUR")).toBe("−€2.50");
    expect(formatMoney(1234n, "JPY")).toBe("¥1,234");
    expect(formatMoney(1234n, "KWD")).toBe("KWD\u00a01.234");
  });

  it("writes a negative amount with the minus sign, also when Intl does not know the currency", () => {
    expect(formatMoney(-10n, "USD")).toBe("\u2212$0.10");
    expect(formatMoney(-1234n, "XYZ")).toMatch(/^\u2212/);
  });

  it("stays exact beyond the range of a float", () => {
    expect(formatMoney(12345678901234567891n, "USD")).toBe("$123,456,789,012,345,678.91");
  });

  it("shows a dash for a missing amount or currency", () => {
    expect(formatMoney(null, "USD")).toBe("—");
    expect(formatMoney(100n, null)).toBe("—");
  });
});

describe("formatSignedMoney", () => {
  it("writes the direction of every amount but zero", () => {
    expect(formatSignedMoney(5000n, "USD")).toBe("+$50.00");
    expect(formatSignedMoney(-5000n, "USD")).toBe("−$50.00");
    expect(formatSignedMoney(0n, "USD")).toBe("$0.00");
    expect(formatSignedMoney(null, "USD")).toBe("—");
  });
});

describe("formatDecimalMoney", () => {
  it("formats a provider's decimal text and shows anything else as given", () => {
    expect(formatDecimalMoney("1.5", "USD")).toBe("$1.50");
    expect(formatDecimalMoney("2%", "USD")).toBe("2% USD");
  });
});

describe("minorToDecimalText", () => {
  it("gives the plain decimal a form field holds", () => {
    expect(minorToDecimalText(123450n, "USD")).toBe("1234.50");
    expect(minorToDecimalText(7n, "JPY")).toBe("7");
  });
});

describe("dates", () => {
  it("prints UTC whatever the local zone", () => {
    const date = new Date("2025-03-01T23:30:59.123Z");
    expect(formatUtcDate(date)).toBe("2025-03-01");
    expect(formatUtcDateTime(date)).toBe("2025-03-01 23:30 UTC");
  });
});

describe("formatPercentChange", () => {
  it("groups thousands like the money beside it, with one decimal and a sign", () => {
    expect(formatPercentChange(130604n)).toBe("+13,060.4%");
    expect(formatPercentChange(-25n)).toBe("\u22122.5%");
    expect(formatPercentChange(0n)).toBe("+0.0%");
    expect(formatPercentChange(10n)).toBe("+1.0%");
  });

  it("stays exact beyond the range of a float", () => {
    expect(formatPercentChange(123456789012345678901n)).toBe("+12,345,678,901,234,567,890.1%");
  });
});
