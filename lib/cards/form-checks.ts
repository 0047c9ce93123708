import { formatMoney } from "@/lib/format";
import { amountTextProblem } from "./amount-text";

/**
 * The card forms' instant checks in plain TypeScript, so the browser gets them without zod (DESIGN.md: first-load
 * JavaScript ≤ 160 KB, no schema the client does not need). lib/cards/schemas.ts builds the server's zod schemas on
 * the same rules and messages; the server's check is the one that counts, these only spare a round trip.
 */
export const ALIAS_MAX = 60;
export const ALIAS_REQUIRED = "Give the card a name people will recognise.";
export const ALIAS_TOO_LONG = `At most ${ALIAS_MAX} characters.`;
export const TAG_MAX = 30;
export const TAGS_MAX = 10;
export const TAG_TOO_LONG = `A tag is at most ${TAG_MAX} characters.`;
export const TOO_MANY_TAGS = `At most ${TAGS_MAX} tags.`;
export const CHOOSE_FROM_LIST = "Choose an item from the list.";
/** A provider's product code or BIN is a few characters; the limit keeps a forged megabyte off the lookups. */
export const PRODUCT_ID_MAX = 100;
export const PRODUCT_ID_TOO_LONG = `A product id is at most ${PRODUCT_ID_MAX} characters. Choose a product from the list.`;



export function aliasProblem(alias: string): string | null {
  const trimmed = alias.trim();
  if (trimmed.length === 0) return ALIAS_REQUIRED;
  if (trimmed.length > ALIAS_MAX) return ALIAS_TOO_LONG;
  return null;
}

/** Problems keyed as the server reports them: "tags" for the list, "tags.N" for one tag. */
export function tagsProblems(tags: string[]): Record<string, string> {
  const problems: Record<string, string> = {};
  if (tags.length > TAGS_MAX) problems.tags = TOO_MANY_TAGS;
  tags.forEach((tag, index) => {
    if (tag.trim().length > TAG_MAX) problems[`tags.${index}`] = TAG_TOO_LONG;
  });
  return problems;
}

export const HOLDER_NAME_MAX = 40;
export const HOLDER_NAME_PATTERN = /^[A-Za-z][A-Za-z' .-]*$/;
export const HOLDER_NAME_LATIN = "Use Latin letters only, as printed on a card.";
export const ZIP_CODE_PATTERN = /^\d{5}(-\d{4})?$/;
export const ADDRESS_MESSAGES = {
  street: "Enter the street address.",
  city: "Enter the city.",
  state: "Choose a state.",
  zipCode: "Enter a 5-digit ZIP code.",
  product: "Choose a product.",
} as const;

export function productIdProblem(productId: string): string | null {
  const trimmed = productId.trim();
  if (trimmed.length === 0) return ADDRESS_MESSAGES.product;
  if (trimmed.length > PRODUCT_ID_MAX) return PRODUCT_ID_TOO_LONG;
  return null;
}

export function holderNameProblem(value: string, label: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return `Enter the cardholder's ${label}.`;
  if (trimmed.length > HOLDER_NAME_MAX) return `At most ${HOLDER_NAME_MAX} characters.`;
  if (!HOLDER_NAME_PATTERN.test(trimmed)) return HOLDER_NAME_LATIN;
  return null;
}

type IssueInput = { kind: string; accountId: string; productId: string; ownerUserId?: string | null; alias: string; tags?: string[] } & Partial<
  Record<"perTransactionLimit" | "lifetimeLimit" | "initialAmount" | "holderFirstName" | "holderLastName" | "street" | "city" | "state" | "zipCode", string>
>;

/** The issue form's problems by field, keyed as the server reports them. */
export function issueCardProblems(input: IssueInput): Record<string, string> {
  const problems: Record<string, string> = tagsProblems(input.tags ?? []);
  const add = (field: string, problem: string | null) => {
    if (problem) problems[field] ??= problem;
  };
  add("accountId", input.accountId ? null : CHOOSE_FROM_LIST);
  add("productId", productIdProblem(input.productId));
  add("alias", aliasProblem(input.alias));
  if (input.kind === "cardepass-sharebalance") {
    add("perTransactionLimit", amountTextProblem((input.perTransactionLimit ?? "").trim()));
    if ((input.lifetimeLimit ?? "") !== "") add("lifetimeLimit", amountTextProblem((input.lifetimeLimit ?? "").trim()));
  } else if (input.kind !== "cardepass-standard" || input.initialAmount !== undefined) {
    // A Standard card its account issues empty is sent without one; the server checks which the account takes.
    add("initialAmount", amountTextProblem((input.initialAmount ?? "").trim()));
  }
  // Optional on such a Standard card (Cardepass v2); checked only when sent.
  if (input.kind === "cardepass-standard" && input.perTransactionLimit !== undefined) add("perTransactionLimit", amountTextProblem(input.perTransactionLimit.trim()));
  if (input.kind === "nobepay") {
    add("holderFirstName", holderNameProblem(input.holderFirstName ?? "", "first name"));
    add("holderLastName", holderNameProblem(input.holderLastName ?? "", "last name"));
    add("street", (input.street ?? "").trim() ? null : ADDRESS_MESSAGES.street);
    add("city", (input.city ?? "").trim() ? null : ADDRESS_MESSAGES.city);
    add("state", (input.state ?? "").trim().length === 2 ? null : ADDRESS_MESSAGES.state);
    add("zipCode", ZIP_CODE_PATTERN.test((input.zipCode ?? "").trim()) ? null : ADDRESS_MESSAGES.zipCode);
  }
  return problems;
}

/** What a product says about a card's first load: its minimum, and (NobePay) what its BIN's account holds. */
export type FirstDepositTerms = { minFirstDeposit: bigint | null; availableBalance: bigint | null; balanceCurrency: string | null };

/**
 * A first load (minor units of `currency`) the product refuses, or null. Every provider whose product states a minimum
 * is checked (Card OPEN-API's products have one too, not only NobePay's BINs); the issue form and lib/cards/issue-card.ts
 * both ask this, so a person sees the problem with all the others, before anything is sent.
 */
export function firstDepositMinimumProblem(terms: FirstDepositTerms, amount: bigint, currency: string, provider: string): string | null {
  if (terms.minFirstDeposit === null || amount >= terms.minFirstDeposit) return null;
  const minimum = formatMoney(terms.minFirstDeposit, currency);
  // Shown on the "First top-up" field: NobePay's minimum is its BIN's, the others' their product's.
  return provider === "nobepay" ? `The first top-up for this BIN is at least ${minimum}.` : `At least ${minimum} for this product.`;
}

/**
 * A first load above what a NobePay BIN's account holds, or null. SECURITY (funding.view): the words state the
 * funding balance, so the server asks this only of finance issuing; a requester's form is given no balance to check.
 */
export function binBalanceProblem(terms: FirstDepositTerms, amount: bigint, currency: string, provider: string): string | null {
  const what = provider === "nobepay" ? "BIN" : "product";
  if (terms.availableBalance !== null && (terms.balanceCurrency ?? currency) === currency && amount > terms.availableBalance) {
    return `The ${what}'s account holds only ${formatMoney(terms.availableBalance, currency)}.`;
  }
  return null;
}

/** The issue form's check of a first load: the product's minimum, then (where the form was given it) the BIN's balance. */
export function firstDepositProblem(terms: FirstDepositTerms, amount: bigint, currency: string, provider: string): string | null {
  return firstDepositMinimumProblem(terms, amount, currency, provider) ?? binBalanceProblem(terms, amount, currency, provider);
}
