import type { RequestKind, RequestTerms } from "@/db/schema/requests";
import { feeKey, quoteFee, type FeeQuote, type FeeRule, type ProductFees } from "@/lib/fees/product-fees";
import { ISSUE_KINDS } from "@/lib/cards/issue-kinds";
import type { IssueKind } from "@/lib/cards/schemas";
import type { CardModel } from "@/lib/providers/types";

/**
 * What a top-up or new-card request takes from the funding account, in the words of the card page's top-up dialog and
 * the issue form: the amount put on the card, the product's fee for it, the total. JSON-safe but for bigints (which
 * the server passes to the decision panel), so the panel can quote a lowered amount with the same rule.
 */
export type RequestCost = {
  action: "topup" | "issue";
  cardModel: CardModel;
  /** The product's fee for the action, published or last charged; null = not known before the provider charges it. */
  feeRule: FeeRule | null;
  currency: string;
  /** What goes onto the card as the request stands (approved terms); 0 for a ShareBalance card, which loads nothing. */
  amount: bigint;
  /** The term the amount follows when an approver lowers it; null when lowering (a limit) changes nothing loaded. */
  amountField: "amount" | null;
  amountLabel: string;
  totalLabel: string;
  providerLabel: string;
};

/** MONEY: the cost of a request that moves money from the funding account (a top-up, a new card), else null. */
export function requestCostOf(params: {
  kind: RequestKind;
  approved: RequestTerms;
  details: Readonly<Record<string, unknown>>;
  /** The card's model, for a top-up. */
  cardModel: CardModel | null;
  fees: ProductFees;
  providerLabel: string;
  currency: string;
}): RequestCost | null {
  const { kind, approved, fees } = params;
  const currency = params.currency;
  const totalLabel = "Total from the funding account";
  if (kind === "top_up") {
    if (!params.cardModel || approved.amount === undefined) return null;
    return {
      action: "topup",
      cardModel: params.cardModel,
      feeRule: fees[feeKey(params.cardModel, "topup")] ?? null,
      currency,
      amount: BigInt(approved.amount),
      amountField: "amount",
      amountLabel: "Added to the card",
      totalLabel,
      providerLabel: params.providerLabel,
    };
  }
  if (kind === "new_card") {
    // details.kind: the issue kind the request asks for (lib/cards/schemas.ts).
    const model = typeof params.details.kind === "string" ? ISSUE_KINDS[params.details.kind as IssueKind]?.model : undefined;
    if (!model) return null;
    // As the issue form: a card with a first load is charged on it; a ShareBalance card (limits only) loads nothing.
    const loads = approved.amount !== undefined;
    return {
      action: "issue",
      cardModel: model,
      feeRule: fees[feeKey(model, "issue")] ?? null,
      currency,
      amount: loads ? BigInt(approved.amount!) : 0n,
      amountField: loads ? "amount" : null,
      amountLabel: "Loaded onto the card",
      totalLabel,
      providerLabel: params.providerLabel,
    };
  }
  return null;
}

/** MONEY: the fee for `amount` under the request's rule (null when unknown); CostSummary adds it to the amount for the total. */
export function requestCostQuote(cost: Pick<RequestCost, "action" | "cardModel" | "feeRule">, amount: bigint): { fee: FeeQuote | null } {
  return { fee: cost.feeRule ? quoteFee({ [feeKey(cost.cardModel, cost.action)]: cost.feeRule }, cost.cardModel, cost.action, amount) : null };
}
