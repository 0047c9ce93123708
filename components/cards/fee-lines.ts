import { feeRuleText, feeSourceText } from "@/lib/fees/disclosure";
import { FEE_ACTIONS, feeKey, type FeeAction, type ProductFees } from "@/lib/fees/product-fees";
import { CARD_MODELS, type CardModel } from "@/lib/providers/types";
import { MODEL_LABELS } from "./labels";

export const FEE_ACTION_LABELS: Record<FeeAction, string> = {
  issue: "Issue",
  topup: "Top-up",
  withdraw: "Withdrawal",
  cancel: "Cancellation",
};

export type FeeLine = { key: string; label: string; text: string; source: string };

/** A product's known fees, one line per action and card model, in a stable order. */
export function feeLines(fees: ProductFees, models: readonly CardModel[]): FeeLine[] {
  const lines: FeeLine[] = [];
  for (const model of CARD_MODELS) {
    for (const action of FEE_ACTIONS) {
      const rule = fees[feeKey(model, action)];
      if (!rule) continue;
      const label = models.length > 1 ? `${FEE_ACTION_LABELS[action]} (${MODEL_LABELS[model]})` : FEE_ACTION_LABELS[action];
      lines.push({ key: feeKey(model, action), label, text: feeRuleText(rule), source: feeSourceText(rule) });
    }
  }
  return lines;
}
