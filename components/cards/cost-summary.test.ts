import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { quoteFee, type FeeRule } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import { CostSummary } from "./cost-summary";

const lastCharged = (currency: string, fixed: string): FeeRule => ({ currency, fixed, ratePpm: 0, source: "last_charged", observedAt: "2026-11-30T09:12:00.000Z" });
const published = (currency: string, fixed: string, ratePpm: number): FeeRule => ({ ...lastCharged(currency, fixed), source: "provider", ratePpm });
const yenBalance: PayingBalance = { label: null, currency: "JPY", available: "50000", refreshedAt: "2026-12-01T08:00:00.000Z" };

/** The box's text as read, terms and definitions one after another, for a top-up of `amount` with the product's fee `rule`. */
function text(params: { currency: string; amount: bigint | null; rule: FeeRule | null; paying?: PayingBalance }): string {
  const fee = params.rule ? quoteFee({ "standard:topup": params.rule }, "standard", "topup", params.amount ?? 0n) : null;
  return renderToStaticMarkup(
    createElement(CostSummary, {
      id: "topUp-cost",
      currency: params.currency,
      amount: params.amount,
      amountLabel: "Added to the card",
      fee,
      providerLabel: "Cardepass",
      totalLabel: "Total from the funding account",
      paying: params.paying ? { label: "Cardepass funding balance", balance: params.paying } : null,
    }),
  )
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

describe("the top-up's cost box on a JPY card whose fee is charged in USD", () => {
  it("quotes ¥ amount and $ fee, each in its own currency, with no combined total, and the yen balance not charged with the fee", () => {
    expect(text({ currency: "JPY", amount: 2000n, rule: lastCharged("USD", "100"), paying: yenBalance })).toBe(
      "Added to the card ¥2,000 Fee last charged 2026-11-30 09:12 UTC $1.00 (charged in USD) Total from the funding account ¥2,000 + $1.00 " +
        "Cardepass funding balance as of 2026-12-01 08:00 UTC ¥50,000 The fee in USD is not counted against this balance.",
    );
  });

  it("shows the dollar fee before an amount is typed", () => {
    expect(text({ currency: "JPY", amount: null, rule: lastCharged("USD", "100") })).toBe(
      "Added to the card — Fee last charged 2026-11-30 09:12 UTC $1.00 (charged in USD) Total from the funding account —",
    );
  });

  it("leaves unknown a fee in another currency with a rate on the amount: a rate on yen yields no dollars", () => {
    expect(text({ currency: "JPY", amount: 2000n, rule: published("USD", "100", 15_000) })).toBe(
      "Added to the card ¥2,000 Fee Not known before Cardepass charges it Total from the funding account ¥2,000 + fee",
    );
  });
});

describe("the cost box with the fee in the amount's own currency (unchanged)", () => {
  it("adds the fee to the amount for one total, yen without decimals", () => {
    expect(text({ currency: "JPY", amount: 2000n, rule: lastCharged("JPY", "150"), paying: yenBalance })).toBe(
      "Added to the card ¥2,000 Fee last charged 2026-11-30 09:12 UTC ¥150 Total from the funding account ¥2,150 Cardepass funding balance as of 2026-12-01 08:00 UTC ¥50,000",
    );
  });

  it("dollars with cents, a published rate said as a rate before an amount, an unknown fee never zero", () => {
    expect(text({ currency: "USD", amount: 2000n, rule: published("USD", "100", 15_000) })).toBe(
      "Added to the card $20.00 Fee as published by the provider $1.30 Total from the funding account $21.30",
    );
    expect(text({ currency: "USD", amount: null, rule: published("USD", "100", 15_000) })).toContain("$1.00 + 1.5% of the amount Total from the funding account —");
    expect(text({ currency: "JPY", amount: 2000n, rule: null })).toBe("Added to the card ¥2,000 Fee Not known before Cardepass charges it Total from the funding account ¥2,000 + fee");
  });
});
