import { describe, expect, it } from "vitest";
import { toBinFees } from "@/lib/providers/cardopenapi/transform";
import { feeOn, learnChargedFee, mergeProductFees, quoteFee, type FeeRule } from "./product-fees";
import { parseProductFees } from "./parse-product-fees";
import { feeRuleText } from "./disclosure";

const rule = (fixed: string, ratePpm: number, source: FeeRule["source"] = "provider"): FeeRule => ({ currency: "USD", fixed, ratePpm, source, observedAt: "2026-11-30T09:00:00.000Z" });

describe("a fee rule", () => {
  it("adds the rate on the amount to the fixed part, rounded half up to the cent", () => {
    // 1.00 open fee + 1.5% of 20.00: the issue's "$1.30 to issue a Card OPEN-API card".
    expect(feeOn(rule("100", 15_000), 2000n)).toBe(130n);
    // 1% of 12.55 = 12.55 cents → 13; 1% of 12.45 = 12.45 cents → 12.
    expect(feeOn(rule("0", 10_000), 1255n)).toBe(13n);
    expect(feeOn(rule("0", 10_000), 1245n)).toBe(12n);
    expect(feeOn(rule("10", 0), 999_999_999_999n)).toBe(10n);
  });

  it("is never guessed: an action with no known fee quotes null, not zero", () => {
    expect(quoteFee({}, "standard", "topup", 500n)).toBeNull();
    expect(quoteFee({ "standard:topup": rule("10", 0, "last_charged") }, "sharebalance", "topup", 500n)).toBeNull();
    expect(quoteFee({ "standard:topup": rule("10", 0, "last_charged") }, "standard", "topup", 500n)).toMatchObject({ fee: 10n, source: "last_charged" });
  });
});

describe("stored fees", () => {
  it("skip what does not parse instead of guessing (an older shape, a bad key, a float amount)", () => {
    expect(parseProductFees({ topUpFee: { amount: "0.1", currency: "USD" }, "prepaid:fly": rule("1", 0), "prepaid:issue": { ...rule("1", 0), fixed: "1.5" }, "prepaid:topup": rule("0", 100) })).toEqual({ "prepaid:topup": rule("0", 100) });
  });

  it("a refresh adds published fees and keeps the ones learnt from charged orders", () => {
    const known = { "standard:withdraw": rule("10", 0, "last_charged"), "prepaid:issue": rule("100", 15_000) };
    expect(mergeProductFees(known, {})).toEqual(known);
    expect(mergeProductFees(known, { "prepaid:issue": rule("120", 15_000) })).toEqual({ "standard:withdraw": rule("10", 0, "last_charged"), "prepaid:issue": rule("120", 15_000) });
  });

  it("a charged order does not replace a fee the provider publishes", () => {
    const published = { "prepaid:topup": rule("0", 15_000) };
    expect(learnChargedFee(published, "prepaid:topup", rule("15", 0, "last_charged"))).toBe(published);
    expect(learnChargedFee({}, "standard:cancel", rule("10", 0, "last_charged"))).toEqual({ "standard:cancel": rule("10", 0, "last_charged") });
  });
});

describe("Card OPEN-API 卡Bin费用 (inferred)", () => {
  it("reads open_fee per card and recharge_fee_rate on every load, exactly", () => {
    expect(toBinFees({ bin_id: "b", currency: "usd", open_fee: 1, recharge_fee_rate: 0.015 }, "USD")).toEqual({
      issue: { fixed: { amount: 100n, currency: "USD" }, ratePpm: 15_000 },
      topup: { fixed: { amount: 0n, currency: "USD" }, ratePpm: 15_000 },
    });
    expect(toBinFees({ bin_id: "b", open_fee: "2.00" }, "USD")).toEqual({ issue: { fixed: { amount: 200n, currency: "USD" }, ratePpm: 0 } });
    expect(toBinFees({ bin_id: "b" }, "USD")).toBeUndefined();
    expect(() => toBinFees({ bin_id: "b", recharge_fee_rate: "0.0000001" }, "USD")).toThrow(/recharge_fee_rate/);
  });
});

describe("a fee rule in words, before there is an amount", () => {
  const rule = { currency: "USD", fixed: "0", ratePpm: 15_000 };
  it("says a rate as a rate, never $0.00", () => {
    expect(feeRuleText(rule)).toBe("1.5% of the amount");
    expect(feeRuleText({ ...rule, fixed: "100" })).toBe("$1.00 + 1.5% of the amount");
    expect(feeRuleText({ ...rule, fixed: "250", ratePpm: 0 })).toBe("$2.50");
    expect(feeRuleText({ ...rule, ratePpm: 0 })).toBe("$0.00");
  });
});
