import { describe, expect, it } from "vitest";
import type { FeeRule } from "@/lib/fees/product-fees";
import { checkAmount } from "./amount-check";

const rule: FeeRule = { currency: "USD", fixed: "0", ratePpm: 15_000, source: "provider", observedAt: "2026-01-01T00:00:00.000Z" };
const paying = { label: null, currency: "USD", available: "1979400", refreshedAt: "2026-01-02T03:04:00.000Z" };
const topUp = (text: string) => checkAmount({ text, kind: "topUp", currency: "USD", cardModel: "prepaid", fees: { "prepaid:topup": rule }, balance: 5000n, paying });

describe("the top-up form's checks as you type", () => {
  it("reads a plain amount, with its fee", () => {
    expect(topUp(" 10 ")).toMatchObject({ minor: 1000n, fee: { fee: 15n }, textProblem: null, amountProblem: null });
  });

  it("names a thousands separator instead of silently showing no amount", () => {
    expect(topUp("1,000")).toMatchObject({ minor: null, textProblem: "Leave out the thousands separators: 1000." });
    expect(topUp("12.345")).toMatchObject({ minor: null, textProblem: "USD amounts have at most 2 decimal places." });
  });

  it("warns at once when the funding balance cannot pay amount and fee", () => {
    const check = topUp("99999999");
    expect(check.minor).toBe(9_999_999_900n);
    expect(check.textProblem).toBeNull();
    expect(check.amountProblem).toMatch(/^The funding balance that pays is \$19,794\.00 .*this top-up needs \$101,499,998\.99 with its \$1,499,999\.99 fee\.$/);
    expect(topUp("19000").amountProblem).toBeNull();
  });

  it("refuses a withdrawal above the card's balance", () => {
    const withdraw = checkAmount({ text: "60", kind: "withdraw", currency: "USD", cardModel: "prepaid", fees: {}, balance: 5000n, paying: null });
    expect(withdraw.amountProblem).toBe("You can withdraw at most $50.00, the card's balance.");
  });
});

describe("a JPY card whose fees are charged in USD", () => {
  const usd = (fixed: string): FeeRule => ({ currency: "USD", fixed, ratePpm: 0, source: "last_charged", observedAt: "2026-01-01T00:00:00.000Z" });
  const yenPaying = { label: null, currency: "JPY", available: "50000", refreshedAt: "2026-01-02T03:04:00.000Z" };

  it("does not add the dollar withdrawal fee to the yen taken off the card", () => {
    const withdraw = checkAmount({ text: "5000", kind: "withdraw", currency: "JPY", cardModel: "standard", fees: { "standard:withdraw": usd("10") }, balance: 5000n, paying: null });
    expect(withdraw).toMatchObject({ minor: 5000n, fee: { fee: 10n, currency: "USD" }, amountProblem: null });
  });

  it("checks the yen top-up alone against the yen funding balance", () => {
    const check = (text: string) => checkAmount({ text, kind: "topUp", currency: "JPY", cardModel: "standard", fees: { "standard:topup": usd("100") }, balance: 0n, paying: yenPaying });
    expect(check("50000").amountProblem).toBeNull();
    expect(check("50001").amountProblem).toMatch(/needs ¥50,001 \(its fee, charged in USD, is not counted against this balance\)\.$/);
  });
});
