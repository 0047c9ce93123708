import { describe, expect, it } from "vitest";
import type { FeeRule } from "@/lib/fees/product-fees";
import { feeRuleText } from "./disclosure";

const rule = (fixed: string, ratePpm: number): FeeRule => ({ currency: "USD", fixed, ratePpm, source: "provider", observedAt: "2026-11-30T09:00:00.000Z" });

describe("feeRuleText", () => {
  it("shows a rate exactly as the provider set it, without trailing zeros", () => {
    expect(feeRuleText(rule("0", 12_550))).toBe("1.255% of the amount");
    expect(feeRuleText(rule("0", 1_234))).toBe("0.1234% of the amount");
    expect(feeRuleText(rule("0", 10_000))).toBe("1% of the amount");
    expect(feeRuleText(rule("0", 15_000))).toBe("1.5% of the amount");
    expect(feeRuleText(rule("0", 1))).toBe("0.0001% of the amount");
    expect(feeRuleText(rule("0", 1_000_000))).toBe("100% of the amount");
  });

  it("adds a fixed part in its currency, and shows a fixed fee alone when there is no rate", () => {
    expect(feeRuleText(rule("100", 15_000))).toBe("$1.00 + 1.5% of the amount");
    expect(feeRuleText(rule("10", 0))).toBe("$0.10");
  });
});
