import type { CardKind, CardProductChoice } from "@/components/cards/card-product-fields";
import type { IssueValues } from "@/components/cards/issue-card-types";
import { issuesToFields } from "@/components/forms/form-field";
import { amountTextProblem } from "@/lib/cards/amount-text";
import { decimalsProblem } from "@/lib/cards/decimals-problem";
import { aliasProblem, firstDepositMinimumProblem } from "@/lib/cards/form-checks";
import { limitLoweredProblem } from "@/lib/cards/limit-increase";
import { issueCardSchema } from "@/lib/cards/schemas";
import { parseMoney } from "@/lib/money";
import { createRequestSchema, type CreateRequestFormInput } from "@/lib/requests/schemas";
import type { NewRequestValues, RequestableCard } from "./new-request-types";

const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

/**
 * Before a product is chosen the card cannot be checked as a whole yet; the fields already shown are checked now (the
 * card name, and the first amount where the account alone asks for one), so every problem is reported at once.
 */
function shownCardFieldProblems(kind: CardKind | null, card: IssueValues): Record<string, string> {
  const problems: Record<string, string> = {};
  const alias = aliasProblem(card.alias);
  if (alias) problems.alias = alias;
  const amount = kind && kind !== "cardepass-sharebalance" ? amountTextProblem(card.initialAmount.trim()) : null;
  if (amount) problems.initialAmount = amount;
  return problems;
}

/** Decimals the currency allows and the product's minimum: the same words the server would use. */
function checkAmount(found: Record<string, string>, field: string, text: string, currency: string, minimum?: { minFirstDeposit: bigint | null; provider: string }) {
  if (found[field] || text.trim() === "") return;
  try {
    const amount = parseMoney(text, currency).amount;
    const problem = minimum ? firstDepositMinimumProblem({ minFirstDeposit: minimum.minFirstDeposit, availableBalance: null, balanceCurrency: null }, amount, currency, minimum.provider) : null;
    if (problem) found[field] = problem;
  } catch {
    found[field] = decimalsProblem(currency);
  }
}

/**
 * The new-request form's checks in the browser, by field; the server repeats every one of them (and those only it can
 * make: product minimums, the account's offer, the policy). They, the schemas and zod with them are loaded on submit,
 * not with the page (first-load JavaScript budget). `input` is null while no kind of request is chosen.
 */
export function newRequestProblems({
  input,
  values,
  selected,
  choice,
  card,
}: {
  input: CreateRequestFormInput | null;
  values: NewRequestValues;
  /** The card a top-up, limit increase, unfreeze or activation is for, once chosen. */
  selected: RequestableCard | null;
  choice: CardProductChoice;
  /** The new card's fields. */
  card: IssueValues;
}): Record<string, string> {
  if (!input) return { kind: "Choose what you need." };
  const parsed = createRequestSchema.safeParse(input);
  const found = parsed.success ? {} : issuesToFields(parsed.error.issues);
  if (found.cardId) found.cardId = "Choose one of your cards.";
  const today = new Date().toISOString().slice(0, 10);
  if (!found.neededBy && values.neededBy && values.neededBy < today) found.neededBy = "The date needed by cannot be in the past.";
  if (selected && input.kind !== "new_card") {
    for (const field of ["amount", "perTransactionLimit", "lifetimeLimit"] as const) checkAmount(found, field, values[field], selected.currency);
    if (input.kind === "limit_increase") {
      // What is sent: an empty limit is sent as the card's own (the form's keptLimit).
      const limits = [["perTransactionLimit", input.perTransactionLimit, selected.limitPerTransaction], ["lifetimeLimit", input.lifetimeLimit, selected.limitLifetime]] as const;
      for (const [field, sent, now] of limits) {
        if (found[field] || sent.trim() === "") continue;
        const problem = limitLoweredProblem(parseMoney(sent, selected.currency).amount, now, selected.currency);
        if (problem) found[field] = problem;
      }
    }
  }
  if (input.kind === "new_card") {
    if (!choice.account) found.accountId = "Choose a provider account.";
    else if (!choice.product) found.productId = "Choose a product.";
    if (!choice.product) Object.assign(found, shownCardFieldProblems(choice.kind, card));
    else {
      const issue = issueCardSchema.safeParse({ ...input.card, ownerUserId: PLACEHOLDER_ID });
      if (!issue.success) Object.assign(found, issuesToFields(issue.error.issues));
      if (choice.kind === "cardepass-sharebalance" && card.lifetimeLimit.trim() === "") found.lifetimeLimit ??= "Ask for a lifetime limit.";
      checkAmount(found, "initialAmount", card.initialAmount, choice.currency, { minFirstDeposit: choice.product.minFirstDeposit, provider: choice.account?.provider ?? "" });
      checkAmount(found, "perTransactionLimit", card.perTransactionLimit, choice.currency);
      checkAmount(found, "lifetimeLimit", card.lifetimeLimit, choice.currency);
    }
  }
  return found;
}
