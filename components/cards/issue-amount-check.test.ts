import { describe, expect, it, vi } from "vitest";
import type { FeeRule } from "@/lib/fees/product-fees";
import { adsBinProduct, NEW_YORK_HOLDER as holder } from "@/test/issue-product";
import { liveIssueAmountProblem } from "./issue-amount-check";
import { EMPTY_ISSUE_VALUES, type IssueAccount, type IssueProduct } from "./issue-card-types";

// The submit checks never call the action; loading them needs none of the server behind it.
vi.mock("@/lib/actions/cards/issue-card", () => ({ issueCardAction: async () => ({ ok: true, data: null }) }));
const { checkIssueForm } = await import("./issue-card-submit");

const ACCOUNT_ID = "0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
const nobepay: IssueAccount = { id: ACCOUNT_ID, label: "Main", provider: "nobepay" };
const issueFee: FeeRule = { currency: "USD", fixed: "100", ratePpm: 0, source: "provider", observedAt: "2026-01-01T00:00:00.000Z" };
const bin: IssueProduct = {
  ...adsBinProduct(ACCOUNT_ID, {
    fees: { "prepaid:issue": issueFee },
    paying: { USD: { label: null, currency: "USD", available: "2000", refreshedAt: "2026-01-02T03:04:00.000Z" } },
  }),
  minFirstDeposit: null,
};
const live = (text: string, left: boolean, product: IssueProduct = bin, currency = "USD") =>
  liveIssueAmountProblem({ text, left, kind: "nobepay", model: "", product, currency });
const onSubmit = (initialAmount: string, product: IssueProduct = bin, currency = "USD") =>
  checkIssueForm({ kind: "nobepay", values: { ...EMPTY_ISSUE_VALUES, accountId: ACCOUNT_ID, productId: "BIN-1", alias: "Ads", ...holder, initialAmount }, account: nobepay, product, currency }).problems.initialAmount;

describe("the issue form's first top-up, checked as it is typed", () => {
  it("says at once, in the submit check's words, that the paying balance cannot cover the first load and its fee", () => {
    // $19.50 + the $1.00 issue fee is more than the $20.00 the funding balance holds.
    expect(live("19.50", false)).toBe("The funding balance that pays is $20.00 (as of 2026-01-02 03:04 UTC); this card's first top-up needs $20.50 with its $1.00 fee.");
    expect(live("19.50", false)).toBe(onSubmit("19.50"));
    expect(live("19.00", false)).toBeNull();
    expect(onSubmit("19.00")).toBeUndefined();
  });

  it("names what is wrong with the text once the field was left, not while it is first typed", () => {
    expect(live("1,000", false)).toBeNull();
    expect(live("1,000", true)).toBe("Leave out the thousands separators: 1000.");
    expect(live("0.005", true)).toBe("USD amounts have at most 2 decimal places.");
    expect(live("0.005", true)).toBe(onSubmit("0.005"));
    expect(live("$5", true)).toBe("Enter a positive amount such as 25 or 25.50, without a currency sign.");
    expect(live("0", true)).toBe("The amount must be more than zero.");
    const yen: IssueProduct = { ...bin, currencies: ["JPY"], balanceCurrency: "JPY", paying: {} };
    expect(live("1500.5", true, yen, "JPY")).toBe("JPY amounts have no decimals.");
  });

  it("leaves an empty field to the submit check, and a balance nobody refreshed to the provider", () => {
    expect(live("  ", true)).toBeNull();
    expect(live("5000", false, { ...bin, paying: {} })).toBeNull();
  });
});
