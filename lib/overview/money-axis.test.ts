import { describe, expect, it } from "vitest";
import { moneyAxisDecimals, moneyAxisTicks } from "./money-axis";

describe("the spend chart's money axis", () => {
  it("steps by 1, 2, 2.5 or 5 times a power of ten, up to just above the highest day", () => {
    // $2.55 at most (the overview's screenshot): $0, $1, $2, $3 rather than $0.65 steps shown as "$0.7", "$1.3".
    expect(moneyAxisTicks(255n)).toEqual([0n, 100n, 200n, 300n]);
    expect(moneyAxisTicks(200n)).toEqual([0n, 50n, 100n, 150n, 200n]);
    expect(moneyAxisTicks(46_633n)).toEqual([0n, 20_000n, 40_000n, 60_000n]);
    expect(moneyAxisTicks(1_000_000n)).toEqual([0n, 250_000n, 500_000n, 750_000n, 1_000_000n]);
  });

  it("never marks less than the currency's smallest unit", () => {
    expect(moneyAxisTicks(3n)).toEqual([0n, 1n, 2n, 3n]);
    expect(moneyAxisTicks(9n)).toEqual([0n, 5n, 10n]);
    expect(moneyAxisTicks(0n)).toEqual([0n, 1n]);
  });

  it("writes decimals only when a mark is not a whole unit", () => {
    expect(moneyAxisDecimals(moneyAxisTicks(255n), 2)).toBe(0);
    expect(moneyAxisDecimals(moneyAxisTicks(200n), 2)).toBe(2);
    expect(moneyAxisDecimals(moneyAxisTicks(900n), 0)).toBe(0);
  });
});
