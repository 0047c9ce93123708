import { describe, expect, it } from "vitest";
import { issuesToFields } from "@/components/forms/form-field";
import { amountTextProblem, issueCardProblems, aliasProblem, tagsProblems } from "./form-checks";
import { cardAmountSchema, issueCardSchema, updateCardSchema } from "./schemas";

const CARD = "00000000-0000-4000-8000-000000000001";

/** The browser's plain checks must say exactly what the server's zod schemas say, field by field. */
describe("card form checks agree with the server's schemas", () => {
  it.each(["", "  ", "0", "0.00", "abc", "-5", "25", " 25.50 ", "1e5", "12345678901234", "25.", ".5", "007"])("amount %j", (amount) => {
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
  ])("issue form $kind", (input) => {
    const server = issueCardSchema.safeParse(input);
    const expected = server.success ? {} : issuesToFields(server.error.issues);
    expect(issueCardProblems(input)).toEqual(expected);
  });
});
