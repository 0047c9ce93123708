import { describe, expect, it, vi } from "vitest";
import type { FeeRule } from "@/lib/fees/product-fees";
import { adsBinProduct, NEW_YORK_HOLDER as holder } from "@/test/issue-product";
import { EMPTY_ISSUE_VALUES, type IssueAccount, type IssueProduct, type IssueValues } from "./issue-card-types";

// The form's checks never call the action; loading it needs none of the server behind it.
vi.mock("@/lib/actions/cards/issue-card", () => ({ issueCardAction: async () => ({ ok: true, data: null }) }));
const { checkIssueForm } = await import("./issue-card-submit");

const ACCOUNT_ID = "0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
const nobepay: IssueAccount = { id: ACCOUNT_ID, label: "Main", provider: "nobepay" };
const cardepass: IssueAccount = { id: ACCOUNT_ID, label: "Main", provider: "cardepass" };
const issueFee: FeeRule = { currency: "USD", fixed: "100", ratePpm: 0, source: "provider", observedAt: "2026-01-01T00:00:00.000Z" };
const bin = adsBinProduct(ACCOUNT_ID, {
  fees: { "prepaid:issue": issueFee },
  paying: { USD: { label: null, currency: "USD", available: "2000", refreshedAt: "2026-01-02T03:04:00.000Z" } },
});
const values = (patch: Partial<IssueValues>): IssueValues => ({ ...EMPTY_ISSUE_VALUES, accountId: ACCOUNT_ID, productId: "BIN-1", alias: "Ads", ...holder, ...patch });

describe("the issue form's checks before anything is sent", () => {
  it("before a product is chosen, report the fields on screen with the missing account and product", () => {
    const { input, problems } = checkIssueForm({ kind: null, values: { ...EMPTY_ISSUE_VALUES, tags: "a".repeat(31) }, account: null, product: null, currency: "USD" });
    expect(input).toBeNull();
    // The product select is disabled until an account is chosen: its problem says what to do first.
    expect(problems).toEqual({ accountId: "Choose a provider account.", productId: "Choose an account first.", alias: "Give the card a name people will recognise.", "tags.0": "A tag is at most 30 characters." });
    expect(checkIssueForm({ kind: null, values: values({ productId: "" }), account: cardepass, product: null, currency: "USD" }).problems).toEqual({ productId: "Choose a product." });
  });

  it("send a clean form as the action's input, tags split and no owner meaning a company card", () => {
    const { input, problems } = checkIssueForm({ kind: "nobepay", values: values({ initialAmount: "12.50", tags: "ads, q3,ads" }), account: nobepay, product: bin, currency: "USD" });
    expect(problems).toEqual({});
    expect(input).toEqual({ kind: "nobepay", accountId: ACCOUNT_ID, productId: "BIN-1", ownerUserId: null, teamId: null, alias: "Ads", tags: ["ads", "q3"], ...holder, initialAmount: "12.50" });
  });

  it("refuse a first top-up below the BIN's minimum, or with more decimals than the currency has", () => {
    const check = (initialAmount: string) => checkIssueForm({ kind: "nobepay", values: values({ initialAmount }), account: nobepay, product: bin, currency: "USD" }).problems;
    expect(check("9.99")).toEqual({ initialAmount: "The first top-up for this BIN is at least $10.00." });
    expect(check("10.005")).toEqual({ initialAmount: "USD amounts have at most 2 decimal places." });
  });

  it("word too many decimals as the server does, for every amount on screen and a currency without decimals", () => {
    // The server's words (parseFormAmount → decimalsProblem), so the message does not change on the way back.
    const yen: IssueProduct = { ...bin, currencies: ["JPY"], balanceCurrency: "JPY", minFirstDeposit: null, paying: {} };
    expect(checkIssueForm({ kind: "nobepay", values: values({ initialAmount: "1500.5" }), account: nobepay, product: yen, currency: "JPY" }).problems).toEqual({ initialAmount: "JPY amounts have no decimals." });
    expect(checkIssueForm({ kind: "nobepay", values: values({ initialAmount: "1500" }), account: nobepay, product: yen, currency: "JPY" }).problems).toEqual({});
    // A ShareBalance card's limits are checked in the same round, not only once the server refuses them.
    const shared: IssueProduct = { ...yen, cardModels: ["sharebalance"] };
    const limits = checkIssueForm({ kind: "cardepass-sharebalance", values: values({ perTransactionLimit: "1000.5", lifetimeLimit: "50000.25" }), account: cardepass, product: shared, currency: "JPY" });
    expect(limits.problems).toEqual({ perTransactionLimit: "JPY amounts have no decimals.", lifetimeLimit: "JPY amounts have no decimals." });
    const dollars = checkIssueForm({ kind: "cardepass-sharebalance", values: values({ perTransactionLimit: "10.005", lifetimeLimit: "500" }), account: cardepass, product: { ...bin, cardModels: ["sharebalance"] }, currency: "USD" });
    expect(dollars.problems).toEqual({ perTransactionLimit: "USD amounts have at most 2 decimal places." });
  });

  it("refuse a first load the paying balance cannot cover with its fee", () => {
    const { problems } = checkIssueForm({ kind: "nobepay", values: values({ initialAmount: "19.50" }), account: nobepay, product: bin, currency: "USD" });
    expect(problems.initialAmount).toMatch(/^The funding balance that pays is \$20\.00 \(as of 2026-01-02 03:04 UTC\); this card's first top-up needs \$20\.50 with its \$1\.00 fee\.$/);
  });

  it("ask no first load for a Standard card its account issues empty (Cardepass v2), and still ask one elsewhere", () => {
    // cardepass-v2.md 标准模式开卡申请 takes no amount: the form sends none, and says why instead of offering the field.
    const product: IssueProduct = { ...bin, cardModels: ["standard"], minFirstDeposit: null, paying: {} };
    const v2: IssueAccount = { ...cardepass, issuesStandardEmpty: true };
    const empty = checkIssueForm({ kind: "cardepass-standard", values: values({ initialAmount: "" }), account: v2, product, currency: "USD" });
    expect(empty).toEqual({ problems: {}, input: { kind: "cardepass-standard", accountId: ACCOUNT_ID, productId: "BIN-1", ownerUserId: null, teamId: null, alias: "Ads", tags: [], currency: "USD" } });
    const typed = checkIssueForm({ kind: "cardepass-standard", values: values({ initialAmount: "40" }), account: v2, product, currency: "USD" });
    expect(typed.input).not.toHaveProperty("initialAmount");
    expect(checkIssueForm({ kind: "cardepass-standard", values: values({ initialAmount: "" }), account: cardepass, product, currency: "USD" }).problems).toEqual({ initialAmount: "Enter an amount." });
  });

  it("offer an optional per-transaction limit on a Standard card its account issues empty (Cardepass v2), and no other Standard card", () => {
    // cardepass-v2.md's Standard apply examples carry '"maxAuthAmount": "100"'; its apply table lists no field: optional.
    const product: IssueProduct = { ...bin, cardModels: ["standard"], minFirstDeposit: null, paying: {} };
    const v2: IssueAccount = { ...cardepass, issuesStandardEmpty: true };
    const check = (patch: Partial<IssueValues>, account = v2) => checkIssueForm({ kind: "cardepass-standard", values: values({ initialAmount: "", ...patch }), account, product, currency: "USD" });
    expect(check({ perTransactionLimit: " 100 " })).toEqual({ problems: {}, input: { kind: "cardepass-standard", accountId: ACCOUNT_ID, productId: "BIN-1", ownerUserId: null, teamId: null, alias: "Ads", tags: [], currency: "USD", perTransactionLimit: " 100 " } });
    expect(check({ perTransactionLimit: "" }).input).not.toHaveProperty("perTransactionLimit");
    expect(check({ perTransactionLimit: "ten" }).problems).toEqual({ perTransactionLimit: "Enter a positive amount such as 25 or 25.50, without a currency sign." });
    // A v1 Standard card takes no limit (cardepass-v1.md: "仅在共享模式下可用"): none is sent, whatever the field held.
    expect(check({ perTransactionLimit: "100", initialAmount: "40" }, cardepass).input).not.toHaveProperty("perTransactionLimit");
  });

  it("ask a ShareBalance card for a lifetime limit unless it is unlimited", () => {
    const product: IssueProduct = { ...bin, cardModels: ["sharebalance"], minFirstDeposit: null, paying: {} };
    const check = (patch: Partial<IssueValues>) => checkIssueForm({ kind: "cardepass-sharebalance", values: values({ perTransactionLimit: "50", ...patch }), account: cardepass, product, currency: "USD" });
    expect(check({}).problems).toEqual({ lifetimeLimit: "Enter a lifetime limit, or tick Unlimited." });
    expect(check({ unlimited: true, lifetimeLimit: "500" })).toMatchObject({ problems: {}, input: { kind: "cardepass-sharebalance", lifetimeLimit: "" } });
  });

  it("refuse a lifetime limit below the per-transaction limit in the same round as every other problem, in the server's words", () => {
    const product: IssueProduct = { ...bin, cardModels: ["sharebalance"], minFirstDeposit: null, paying: {} };
    const check = (patch: Partial<IssueValues>) => checkIssueForm({ kind: "cardepass-sharebalance", values: values(patch), account: cardepass, product, currency: "USD" }).problems;
    // lib/cards/issue-card.ts refuses it with these words: the message does not change once the browser checks it.
    const below = "The lifetime limit cannot be below the per-transaction limit.";
    expect(check({ alias: "", perTransactionLimit: "500", lifetimeLimit: "100" })).toEqual({ alias: "Give the card a name people will recognise.", lifetimeLimit: below });
    // Compared as amounts, not as text ("99.5" < "100"); equal limits, an unlimited card or a per-transaction limit with its own problem are not refused.
    expect(check({ perTransactionLimit: "100", lifetimeLimit: "99.50" })).toEqual({ lifetimeLimit: below });
    expect(check({ perTransactionLimit: "100", lifetimeLimit: "100.00" })).toEqual({});
    expect(check({ perTransactionLimit: "500", lifetimeLimit: "100", unlimited: true })).toEqual({});
    expect(check({ perTransactionLimit: "ten", lifetimeLimit: "5" })).toEqual({ perTransactionLimit: "Enter a positive amount such as 25 or 25.50, without a currency sign." });
  });
});
