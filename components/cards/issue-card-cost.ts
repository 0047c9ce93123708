import { amountTextProblem } from "@/lib/cards/amount-text";
import { quoteFee, type FeeQuote } from "@/lib/fees/product-fees";
import { parseMoney } from "@/lib/money";
import type { CardModel } from "@/lib/providers/types";
import type { CardKind } from "./card-product-fields";
import type { IssueProduct } from "./issue-card-types";

/** Typed text → minor units, or null while it is not an amount yet. */
export function typedMinor(text: string, currency: string): bigint | null {
  if (amountTextProblem(text.trim())) return null;
  try {
    return parseMoney(text.trim(), currency).amount;
  } catch {
    return null;
  }
}

/** The product's issue fee for this kind of card and first amount, or null where none is known. */
export function issueFee(kind: CardKind, model: string, product: IssueProduct, amount: bigint): FeeQuote | null {
  const cardModel: CardModel = kind === "cardepass-sharebalance" ? "sharebalance" : kind === "cardepass-standard" ? "standard" : (model as CardModel) || "prepaid";
  return quoteFee(product.fees, cardModel, "issue", amount);
}
