import { describe, expect, it } from "vitest";
import { issuesToFields } from "@/components/forms/form-field";
import { issueCardSchema } from "./schemas";

const ID = "00000000-0000-4000-8000-000000000001";
const placement = { accountId: ID, productId: "DGG0C4JD", ownerUserId: ID, alias: "Ads", tags: [] as string[] };

/**
 * A Cardepass card's currency is checked against its product's list only when the product lists some (a product list
 * may name no cardCurrency): the schema itself must refuse a code that is not a currency, on the Currency field.
 */
describe("a Cardepass card's currency in the issue form", () => {
  it.each([
    { kind: "cardepass-sharebalance", ...placement, perTransactionLimit: "10", lifetimeLimit: "" },
    { kind: "cardepass-standard", ...placement, initialAmount: "10" },
  ] as const)("$kind: refuses symbols and made-up codes on the field, and takes a code in any case", (input) => {
    const fields = (currency: string) => {
      const parsed = issueCardSchema.safeParse({ ...input, currency });
      return parsed.success ? { parsed: parsed.data } : issuesToFields(parsed.error.issues);
    };
    expect(fields("1$%")).toEqual({ currency: "Enter a three-letter currency code such as USD." });
    expect(fields("ZZZ")).toEqual({ currency: "Unknown currency code." });
    expect(fields(" eur ")).toEqual({ parsed: expect.objectContaining({ currency: "EUR" }) });
  });
});
