import { describe, expect, it } from "vitest";
import { fundingShortfall } from "./funding-shortfall";
import { quoteFee, type FeeRule } from "./product-fees";

const lastCharged = (currency: string, fixed: string): FeeRule => ({ currency, fixed, ratePpm: 0, source: "last_charged", observedAt: "2026-11-30T09:12:00.000Z" });
const jpyBalance = { label: null, currency: "JPY", available: "50000", refreshedAt: "2026-12-01T08:00:00.000Z" };

describe("the funding check of a JPY top-up compares like with like", () => {
  it("with a USD fee: only the yen against the yen balance, and the words say the dollar fee is not counted", () => {
    const usdFee = quoteFee({ "standard:topup": lastCharged("USD", "100") }, "standard", "topup", 50_000n);
    // ¥50,000 covers ¥50,000 exactly: a $1.00 fee (100 cents) is not subtracted from it as if it were ¥100.
    expect(fundingShortfall({ amount: 50_000n, currency: "JPY", fee: usdFee, paying: jpyBalance, what: "top-up" })).toBeNull();
    expect(fundingShortfall({ amount: 50_001n, currency: "JPY", fee: usdFee, paying: jpyBalance, what: "top-up" })).toBe(
      "The funding balance that pays is ¥50,000 (as of 2026-12-01 08:00 UTC); this top-up needs ¥50,001 (its fee, charged in USD, is not counted against this balance).",
    );
  });

  it("with a JPY fee: amount and fee together against the balance, as before", () => {
    const yenFee = quoteFee({ "standard:topup": lastCharged("JPY", "150") }, "standard", "topup", 49_900n);
    expect(fundingShortfall({ amount: 49_850n, currency: "JPY", fee: yenFee, paying: jpyBalance, what: "top-up" })).toBeNull();
    expect(fundingShortfall({ amount: 49_900n, currency: "JPY", fee: yenFee, paying: jpyBalance, what: "top-up" })).toBe(
      "The funding balance that pays is ¥50,000 (as of 2026-12-01 08:00 UTC); this top-up needs ¥50,050 with its ¥150 fee.",
    );
  });
});

describe("a paying source the provider reports without a balance", () => {
  it("is not checked: nothing is known to fall short of", () => {
    const unreported = { label: "404038 VISA USD - travel", currency: "USD", available: null, refreshedAt: "2026-12-04T17:30:00.000Z" };
    expect(fundingShortfall({ amount: 1_000_000_00n, currency: "USD", fee: null, paying: unreported, what: "card" })).toBeNull();
  });
});
