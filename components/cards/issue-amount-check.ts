import { amountTextProblem } from "@/lib/cards/amount-text";
import { decimalsProblem } from "@/lib/cards/decimals-problem";
import { fundingShortfall } from "@/lib/fees/funding-shortfall";
import type { CardKind } from "./card-product-fields";
import { issueFee, typedMinor } from "./issue-card-cost";
import type { IssueProduct } from "./issue-card-types";

/**
 * The issue form's first amount, checked as it is typed, as the top-up dialog checks its amount (amount-check.ts): a
 * problem with the text itself ("1,000", "0.005") once the field has been left, and a first load the paying funding
 * balance cannot cover at once. The same words as the checks on submit (issue-card-submit.ts) and on the server. An
 * empty field is no problem yet: submit says it is needed.
 */
export function liveIssueAmountProblem(params: { text: string; left: boolean; kind: CardKind; model: string; product: IssueProduct; currency: string }): string | null {
  const { kind, model, product, currency } = params;
  const text = params.text.trim();
  if (text === "") return null;
  const amount = typedMinor(text, currency);
  if (amount === null) return params.left ? (amountTextProblem(text) ?? decimalsProblem(currency)) : null;
  return fundingShortfall({ amount, currency, fee: issueFee(kind, model, product, amount), paying: product.paying?.[currency] ?? null, what: "card's first top-up" });
}
