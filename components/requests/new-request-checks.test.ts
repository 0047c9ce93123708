import { describe, expect, it } from "vitest";
import type { CardProductChoice } from "@/components/cards/card-product-fields";
import { EMPTY_ISSUE_VALUES } from "@/components/cards/issue-card-types";
import { adsBinProduct, NEW_YORK_HOLDER as holder } from "@/test/issue-product";
import { keptLimit } from "./new-request-cards";
import { newRequestProblems } from "./new-request-checks";
import type { NewRequestValues, RequestableCard } from "./new-request-types";

const CARD_ID = "0b8e2f6a-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
const ACCOUNT_ID = "1c9f3a7b-4d2e-4f60-9bac-1d2e3f4a5b6c";
const values: NewRequestValues = { kind: "top_up", cardId: CARD_ID, amount: "", perTransactionLimit: "", lifetimeLimit: "", purpose: "Ads for Q3", neededBy: "", beneficiaryUserId: "" };
const yen: RequestableCard = { id: CARD_ID, alias: "Tokyo ads", last4: "1234", currency: "JPY", cardModel: "prepaid", status: "active", balance: 500n, limitPerTransaction: null, limitLifetime: null, kinds: ["top_up"], openRequests: {} };
const noChoice: CardProductChoice = { account: null, offered: [], product: null, models: [], model: "prepaid", kind: null, currency: "USD", showsCurrency: false };
const bin = adsBinProduct(ACCOUNT_ID);
const nobepay: CardProductChoice = { ...noChoice, account: { id: ACCOUNT_ID, label: "Main", provider: "nobepay" }, offered: [bin], product: bin, kind: "nobepay" };

describe("the new-request form's checks before anything is sent", () => {
  it("ask for a kind of request first", () => {
    expect(newRequestProblems({ input: null, values: { ...values, kind: "" }, selected: null, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({ kind: "Choose what you need." });
  });

  it("refuse decimals the card's currency does not have", () => {
    const input = { kind: "top_up" as const, purpose: values.purpose, neededBy: "", cardId: CARD_ID, amount: "100.5" };
    expect(newRequestProblems({ input, values: { ...values, amount: "100.5" }, selected: yen, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({ amount: "JPY amounts have no decimals." });
    expect(newRequestProblems({ input: { ...input, amount: "100" }, values: { ...values, amount: "100" }, selected: yen, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({});
  });

  it("send a limit left empty in a limit increase as the card's own, and refuse one below it on its field", () => {
    const ads: RequestableCard = { ...yen, currency: "USD", cardModel: "sharebalance", limitPerTransaction: 2_000n, limitLifetime: 50_000n, kinds: ["limit_increase"] };
    expect(keptLimit("", ads.limitPerTransaction, "USD")).toBe("20.00");
    expect(keptLimit(" 35 ", ads.limitPerTransaction, "USD")).toBe(" 35 ");
    // No such limit on the card: nothing to keep, so it must be asked for.
    expect(keptLimit("", null, "USD")).toBe("");
    const raised = { ...values, kind: "limit_increase" as const, lifetimeLimit: "900" };
    const input = { kind: "limit_increase" as const, purpose: values.purpose, neededBy: "", cardId: CARD_ID, perTransactionLimit: keptLimit("", 2_000n, "USD"), lifetimeLimit: "900" };
    expect(newRequestProblems({ input, values: raised, selected: ads, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({});
    expect(newRequestProblems({ input: { ...input, perTransactionLimit: "15" }, values: { ...raised, perTransactionLimit: "15" }, selected: ads, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({
      perTransactionLimit: "A limit increase never lowers a limit: it is $20.00 now. Ask for that or more.",
    });
    expect(newRequestProblems({ input: { ...input, lifetimeLimit: "400" }, values: { ...raised, lifetimeLimit: "400" }, selected: ads, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({
      lifetimeLimit: "A limit increase never lowers a limit: it is $500.00 now. Ask for that or more.",
    });
  });

  it("before a product is chosen, report the card's fields already shown with the missing product", () => {
    const choice = { ...nobepay, product: null };
    const card = { ...EMPTY_ISSUE_VALUES, accountId: ACCOUNT_ID, initialAmount: "1,000" };
    const input = { kind: "new_card" as const, purpose: values.purpose, neededBy: "", card: {} };
    expect(newRequestProblems({ input, values: { ...values, kind: "new_card" }, selected: null, choice, card })).toEqual({
      productId: "Choose a product.",
      alias: "Give the card a name people will recognise.",
      initialAmount: "Leave out the thousands separators: 1000.",
    });
  });

  it("hold a new card to the BIN's minimum first top-up", () => {
    const card = { ...EMPTY_ISSUE_VALUES, accountId: ACCOUNT_ID, productId: "BIN-1", alias: "Ads", initialAmount: "9.99", ...holder };
    const input = { kind: "new_card" as const, purpose: values.purpose, neededBy: "", card: { kind: "nobepay", accountId: ACCOUNT_ID, productId: "BIN-1", alias: "Ads", tags: [], initialAmount: "9.99", ...holder } };
    expect(newRequestProblems({ input, values: { ...values, kind: "new_card" }, selected: null, choice: nobepay, card })).toEqual({ initialAmount: "The first top-up for this BIN is at least $10.00." });
  });

  it("hold a Card OPEN-API card to its product's minimum, in the words of its \"First top-up\" field", () => {
    const product = { ...bin, id: "cpi-1" };
    const openApi: CardProductChoice = { ...noChoice, account: { id: ACCOUNT_ID, label: "Main", provider: "cardopenapi" }, offered: [product], product, kind: "cardopenapi" };
    const card = { ...EMPTY_ISSUE_VALUES, accountId: ACCOUNT_ID, productId: "cpi-1", alias: "Ads", initialAmount: "9.99" };
    const input = { kind: "new_card" as const, purpose: values.purpose, neededBy: "", card: { kind: "cardopenapi", accountId: ACCOUNT_ID, productId: "cpi-1", alias: "Ads", tags: [], initialAmount: "9.99" } };
    expect(newRequestProblems({ input, values: { ...values, kind: "new_card" }, selected: null, choice: openApi, card })).toEqual({ initialAmount: "At least $10.00 for this product." });
  });

  it("refuse a date needed by in the past", () => {
    const input = { kind: "top_up" as const, purpose: values.purpose, neededBy: "2020-01-01", cardId: CARD_ID, amount: "100" };
    expect(newRequestProblems({ input, values: { ...values, amount: "100", neededBy: "2020-01-01" }, selected: yen, choice: noChoice, card: EMPTY_ISSUE_VALUES })).toEqual({ neededBy: "The date needed by cannot be in the past." });
  });
});
