// What the issue form (issue-card-form.tsx) needs once it is sent: its checks, the action, and what to say when no
// answer comes back. Loaded when a field of the form is first used, not with the page: first-load JavaScript budget.
import { decimalsProblem } from "@/lib/cards/decimals-problem";
import { firstDepositProblem, issueCardProblems } from "@/lib/cards/form-checks";
import type { IssueCardFormInput } from "@/lib/cards/schemas";
import { fundingShortfall } from "@/lib/fees/funding-shortfall";
import { parseMoney } from "@/lib/money";
import type { CardKind } from "./card-product-fields";
import { issueFee, typedMinor } from "./issue-card-cost";
import { asksNoFirstLoad, type IssueAccount, type IssueProduct, type IssueValues } from "./issue-card-types";
import { parseTags } from "./people-fields";
import { LIFETIME_BELOW_PER_TRANSACTION } from "@/lib/cards/limit-messages";

export { issueCardAction } from "@/lib/actions/cards/issue-card";
export { liveIssueAmountProblem } from "./issue-amount-check";

/** What is known when the issue form's answer never came back: the card may have been issued, and a retry is safe. */
export const LOST_ISSUE_ANSWER =
  "No answer came back from Cardhub, so the card may already have been issued. Sending the form again is safe: it will not issue a second card. If you leave this page first, check the cards list before issuing it again.";

/** noFirstLoad: a Standard card its account issues empty (asksNoFirstLoad) is sent without an amount, with its optional limit. */
function issueCardInput(kind: CardKind, values: IssueValues, currency: string, noFirstLoad = false): IssueCardFormInput {
  const placement = {
    accountId: values.accountId,
    productId: values.productId,
    // "" is a deliberate "unassigned company card".
    ownerUserId: values.ownerUserId || null,
    // The form always states the team: "" is a deliberate "No team".
    teamId: values.teamId || null,
    alias: values.alias,
    tags: parseTags(values.tags),
  };
  switch (kind) {
    case "cardepass-sharebalance":
      return { kind, ...placement, currency, perTransactionLimit: values.perTransactionLimit, lifetimeLimit: values.unlimited ? "" : values.lifetimeLimit };
    case "cardepass-standard":
      if (!noFirstLoad) return { kind, ...placement, currency, initialAmount: values.initialAmount };
      // Its optional per-transaction limit (Cardepass v2), sent only when typed.
      return values.perTransactionLimit.trim() === "" ? { kind, ...placement, currency } : { kind, ...placement, currency, perTransactionLimit: values.perTransactionLimit };
    case "nobepay":
      return { kind, ...placement, holderFirstName: values.holderFirstName, holderLastName: values.holderLastName, street: values.street, city: values.city, state: values.state, zipCode: values.zipCode, initialAmount: values.initialAmount };
    case "cardopenapi":
      return { kind, ...placement, initialAmount: values.initialAmount };
  }
}

function problemsOf(kind: CardKind, values: IssueValues, input: IssueCardFormInput, product: IssueProduct | null, currency: string, provider: string): Record<string, string> {
  // No owner is a deliberate "unassigned company card": the owner field itself is never a problem here.
  const errors = issueCardProblems(input);
  if (kind === "cardepass-sharebalance" && !values.unlimited && values.lifetimeLimit.trim() === "") errors.lifetimeLimit ??= "Enter a lifetime limit, or tick Unlimited.";
  // Every amount sent with more decimals than its currency has (a yen has none), in the server's words, in this round.
  const amounts: Partial<Record<string, unknown>> = input;
  for (const field of ["perTransactionLimit", "lifetimeLimit", "initialAmount"]) {
    const text = amounts[field];
    if (typeof text === "string" && text.trim() !== "" && !errors[field] && typedMinor(text, currency) === null) errors[field] = decimalsProblem(currency);
  }
  // A ShareBalance card's lifetime limit below its per-transaction limit, in the server's words (lib/cards/issue-card.ts),
  // with every other problem in this round rather than on a second submit. Compared as amounts, once both are amounts.
  if (input.kind === "cardepass-sharebalance" && input.lifetimeLimit && !errors.perTransactionLimit && !errors.lifetimeLimit) {
    const perTransaction = typedMinor(input.perTransactionLimit, currency);
    const lifetime = typedMinor(input.lifetimeLimit, currency);
    if (perTransaction !== null && lifetime !== null && lifetime < perTransaction) errors.lifetimeLimit = LIFETIME_BELOW_PER_TRANSACTION;
  }
  // No first load (a ShareBalance card, or a Standard card issued empty): nothing more to check.
  if (!("initialAmount" in input)) return errors;
  // The product's minimum first deposit (NobePay BINs, Card OPEN-API products), with every other problem at once.
  if (kind !== "cardepass-sharebalance" && product && !errors.initialAmount) {
    const amount = parseMoney(values.initialAmount.trim(), currency).amount;
    const problem = firstDepositProblem(product, amount, currency, provider);
    if (problem) errors.initialAmount = problem;
  }
  if (kind !== "cardepass-sharebalance" && product && !errors.initialAmount) {
    const amount = typedMinor(values.initialAmount, currency);
    const shortfall = amount === null ? null : fundingShortfall({ amount, currency, fee: issueFee(kind, values.model, product, amount), paying: product.paying?.[currency] ?? null, what: "card's first top-up" });
    if (shortfall) errors.initialAmount = shortfall;
  }
  return errors;
}

/**
 * The issue form's checks in the browser, for instant feedback; the server repeats every one of them and more. Until a
 * product is chosen the card cannot be checked as a whole: the fields already on screen are checked, so every problem
 * shows at once. `input` is what to send, or null while the form cannot be sent.
 */
export function checkIssueForm({
  kind,
  values,
  account,
  product,
  currency,
}: {
  kind: CardKind | null;
  values: IssueValues;
  account: IssueAccount | null;
  product: IssueProduct | null;
  currency: string;
}): { input: IssueCardFormInput | null; problems: Record<string, string> } {
  if (!kind) {
    const found = issueCardProblems(issueCardInput("cardopenapi", values, currency));
    const shown = Object.fromEntries(Object.entries(found).filter(([key]) => ["alias", "ownerUserId", "teamId"].includes(key) || key.startsWith("tags")));
    // Without an account the product select is disabled: its problem says what comes first, and its summary link
    // leads to the account (issue-card-form.tsx issueErrorTargets).
    return { input: null, problems: { ...shown, ...(account ? { productId: "Choose a product." } : { accountId: "Choose a provider account.", productId: "Choose an account first." }) } };
  }
  const input = issueCardInput(kind, values, currency, asksNoFirstLoad(kind, account));
  return { input, problems: problemsOf(kind, values, input, product, currency, account?.provider ?? "") };
}
