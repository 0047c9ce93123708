import { describe, expect, it } from "vitest";
import { issuesToFields } from "@/components/forms/form-field";
import { amountTextProblem } from "./amount-text";
import { binBalanceProblem, firstDepositMinimumProblem, firstDepositProblem, issueCardProblems, aliasProblem, tagsProblems } from "./form-checks";
import { revealReasonProblem } from "./reveal-reason";
import { cardAmountSchema, issueCardSchema, updateCardSchema } from "./schemas";

const CARD = "00000000-0000-4000-8000-000000000001";

/** The browser's plain checks must say exactly what the server's zod schemas say, field by field. */
describe("card form checks agree with the server's schemas", () => {
  it.each(["", "  ", "0", "0.00", "abc", "-5", "25", " 25.50 ", "1e5", "12345678901234", "25.", ".5", "007", "1,000", "1,000.50", "1,00"])("amount %j", (amount) => {
    const server = cardAmountSchema.safeParse({ cardId: CARD, amount });
    const expected = server.success ? null : (issuesToFields(server.error.issues).amount ?? null);
    expect(amountTextProblem(amount.trim())).toBe(expected);
  });

  it.each([
    ["Ads", []],
    ["", []],
    ["   ", ["ok"]],
    ["x".repeat(61), []],
    ["Travel", ["y".repeat(31)]],
    ["Travel", Array.from({ length: 11 }, (_, index) => `t${index}`)],
  ] as [string, string[]][])("alias %j with tags %j", (alias, tags) => {
    const server = updateCardSchema.safeParse({ cardId: CARD, alias, tags });
    const expected = server.success ? {} : issuesToFields(server.error.issues);
    const found = tagsProblems(tags);
    const problem = aliasProblem(alias);
    if (problem) found.alias = problem;
    expect(found).toEqual(expected);
  });

  const placement = { accountId: CARD, productId: "P1", ownerUserId: CARD, alias: "Ads", tags: [] as string[] };
  it.each([
    { kind: "cardopenapi", ...placement, initialAmount: "10" },
    // No owner is an unassigned company card (the form sends null for it): not a problem on either side.
    { kind: "cardopenapi", ...placement, accountId: "", productId: " ", ownerUserId: null, alias: "", initialAmount: "0" },
    { kind: "cardepass-sharebalance", ...placement, currency: "USD", perTransactionLimit: "x", lifetimeLimit: "" },
    { kind: "cardepass-sharebalance", ...placement, currency: "USD", perTransactionLimit: "5", lifetimeLimit: "0" },
    { kind: "nobepay", ...placement, holderFirstName: "", holderLastName: "Müller", street: "", city: "", state: "C", zipCode: "123", initialAmount: "20" },
    { kind: "nobepay", ...placement, holderFirstName: "Ann", holderLastName: "Lee", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301", initialAmount: "20" },
    { kind: "cardopenapi", ...placement, productId: "P".repeat(101), initialAmount: "10" },
    { kind: "cardopenapi", ...placement, productId: ` ${"P".repeat(100)} `, initialAmount: "10" },
  ])("issue form $kind", (input) => {
    const server = issueCardSchema.safeParse(input);
    const expected = server.success ? {} : issuesToFields(server.error.issues);
    expect(issueCardProblems(input)).toEqual(expected);
  });
});

describe("the issue form's product id", () => {
  const card = { kind: "cardopenapi", accountId: CARD, productId: "P1", ownerUserId: CARD, alias: "Ads", tags: [], initialAmount: "10" };

  it("is refused on its own field above 100 characters, so a megabyte id never reaches the product lookup or a provider", () => {
    const megabyte = issueCardSchema.safeParse({ ...card, productId: "P".repeat(1024 * 1024) });
    expect(megabyte.success).toBe(false);
    expect(issuesToFields(megabyte.error!.issues)).toEqual({ productId: "A product id is at most 100 characters. Choose a product from the list." });
    expect(issueCardSchema.safeParse({ ...card, productId: "P".repeat(100) }).success).toBe(true);
  });
});

describe("an amount typed with thousands separators", () => {
  it("is refused with what to type instead, not the general message", () => {
    expect(amountTextProblem("1,000")).toBe("Leave out the thousands separators: 1000.");
    expect(amountTextProblem("99,999,999.50")).toBe("Leave out the thousands separators: 99999999.50.");
    expect(amountTextProblem("1,00")).toBe("Enter a positive amount such as 25 or 25.50, without a currency sign.");
  });

  it("offers the amount without them only when that amount would not be refused in turn", () => {
    // 1000.505 has more decimals than a cent, 99999999999999 more than 12 whole digits: offering either sends the
    // person from one refusal to the next.
    expect(amountTextProblem("1,000.505")).toBe("Leave out the thousands separators.");
    expect(amountTextProblem("99,999,999,999,999")).toBe("That amount is too large: at most 12 digits before the decimal point.");
    expect(amountTextProblem("1,000.5")).toBe("Leave out the thousands separators: 1000.5.");
  });

  it("names an amount too large as too large, not as something other than a positive amount", () => {
    expect(amountTextProblem("99999999999999")).toBe("That amount is too large: at most 12 digits before the decimal point.");
    expect(amountTextProblem("9999999999999.50")).toBe("That amount is too large: at most 12 digits before the decimal point.");
    expect(amountTextProblem("999999999999.99")).toBeNull();
  });
});

describe("a company card's reveal reason", () => {
  it("is required in the form, at least 5 characters once trimmed, as the server requires it", () => {
    expect(revealReasonProblem("")).toBe("Give a reason of at least 5 characters.");
    expect(revealReasonProblem("    ")).toBe("Give a reason of at least 5 characters.");
    expect(revealReasonProblem(" pay ")).toBe("Give a reason of at least 5 characters.");
    expect(revealReasonProblem("Pay the hosting invoice")).toBeNull();
  });
});

describe("a product's first-deposit terms", () => {
  const amex = { minFirstDeposit: 2000n, availableBalance: null, balanceCurrency: null };

  it("refuses a first load below a Card OPEN-API product's minimum, not only a NobePay BIN's", () => {
    expect(firstDepositProblem(amex, 500n, "USD", "cardopenapi")).toBe("At least $20.00 for this product.");
    expect(firstDepositProblem(amex, 2000n, "USD", "cardopenapi")).toBeNull();
    expect(firstDepositProblem({ ...amex, minFirstDeposit: null }, 1n, "USD", "cardopenapi")).toBeNull();
  });

  it("names a NobePay BIN and what its account holds", () => {
    const bin = { minFirstDeposit: 1000n, availableBalance: 5000n, balanceCurrency: "USD" };
    expect(firstDepositProblem(bin, 999n, "USD", "nobepay")).toBe("The first top-up for this BIN is at least $10.00.");
    expect(firstDepositProblem(bin, 5001n, "USD", "nobepay")).toBe("The BIN's account holds only $50.00.");
    expect(firstDepositProblem(bin, 5000n, "USD", "nobepay")).toBeNull();
  });

  it("keeps the BIN's balance, a funding balance, out of the minimum check the server runs for everyone", () => {
    const bin = { minFirstDeposit: 1000n, availableBalance: 5000n, balanceCurrency: "USD" };
    expect(firstDepositMinimumProblem(bin, 999n, "USD", "nobepay")).toBe("The first top-up for this BIN is at least $10.00.");
    expect(firstDepositMinimumProblem(bin, 5001n, "USD", "nobepay")).toBeNull();
    expect(binBalanceProblem(bin, 5001n, "USD", "nobepay")).toBe("The BIN's account holds only $50.00.");
    expect(binBalanceProblem(bin, 999n, "USD", "nobepay")).toBeNull();
  });
});
