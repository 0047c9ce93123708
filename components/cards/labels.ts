import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import { feeSourceText } from "@/lib/fees/disclosure";
import { FEE_ACTIONS, feeKey, type FeeAction, type FeeRule, type ProductFees } from "@/lib/fees/product-fees";
import { formatMoney } from "@/lib/format";
import { CARD_MODELS, type CardModel, type CardStatus, type OrderType, type ProviderName } from "@/lib/providers/types";

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  cardepass: "Cardepass",
  nobepay: "NobePay",
  cardopenapi: "Card OPEN-API",
};

/** What the funding balance that pays for an issue or top-up is called: a NobePay BIN's own, else the provider account's. */
export function payingBalanceLabel(provider: ProviderName | null): string {
  return provider === "nobepay" ? "BIN funding balance" : `${provider ? PROVIDER_LABELS[provider] : "Provider"} funding balance`;
}

export const MODEL_LABELS: Record<CardModel, string> = {
  sharebalance: "ShareBalance",
  standard: "Standard",
  prepaid: "Prepaid",
};

export const STATUS_LABELS: Record<CardStatus, string> = {
  pending: "Pending",
  inactive: "Inactive",
  active: "Active",
  frozen: "Frozen",
  cancelling: "Cancelling",
  cancelled: "Cancelled",
  expired: "Expired",
  failed: "Failed",
  unknown: "Unknown",
};

/** What an order did, as a noun phrase a finance person would use. */
export const ORDER_TYPE_LABELS: Record<OrderType, string> = {
  issue: "Card issuance",
  limits: "Limit change",
  topup: "Top-up",
  withdraw: "Withdrawal",
  freeze: "Freeze",
  unfreeze: "Unfreeze",
  cancel: "Cancellation",
  activate: "Activation",
};

export const ORDER_STATUS_LABELS: Record<LocalOrderStatus, string> = {
  created: "Sending",
  pending: "Pending",
  completed: "Completed",
  failed: "Failed",
  needs_review: "Needs review",
};

export const FEE_ACTION_LABELS: Record<FeeAction, string> = {
  issue: "Issue",
  topup: "Top-up",
  withdraw: "Withdrawal",
  cancel: "Cancellation",
};

/** Parts per million as an exact percentage, without trailing zeros: 12550 → "1.255", 10000 → "1", 1 → "0.0001". */
function ppmAsPercent(ratePpm: number): string {
  const digits = String(ratePpm).padStart(5, "0");
  const fraction = digits.slice(-4).replace(/0+$/, "");
  return fraction ? `${digits.slice(0, -4)}.${fraction}` : digits.slice(0, -4);
}

/** "$1.00 + 1.5%", "$0.10", "1.255%": a fee rule in the words of a price list. */
export function feeRuleText(rule: FeeRule): string {
  const fixed = BigInt(rule.fixed);
  const rate = rule.ratePpm > 0 ? `${ppmAsPercent(rule.ratePpm)}% of the amount` : null;
  if (fixed === 0n && rate) return rate;
  return [formatMoney(fixed, rule.currency), rate].filter(Boolean).join(" + ");
}

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

/**
 * Each provider's own card statuses in plain words (DESIGN.md: "provider statuses … translated into plain words, the
 * provider's original kept beside it"). cardopenapi.md: "1:未激活 2:已激活 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡";
 * nobepay.md: "INIT :开卡中 … CREATE_CARD_FAILED_REFUND:创建卡失败全额退款 … DELETED :永久删除"; Cardepass v1/v2 words.
 */
const PROVIDER_STATUS_WORDS: Record<ProviderName, Record<string, string>> = {
  cardepass: { active: "Active", blocked: "Frozen", cancel: "Cancelled", cancelled: "Cancelled", expired: "Expired" },
  nobepay: {
    INIT: "Being opened",
    INIT_CREATE_CARD_HOLDER: "Creating the cardholder",
    INIT_CREATE_CARD: "Creating the card",
    INIT_ACTIVE_CARD: "Activating",
    ACTIVE: "Active",
    FREEZE: "Frozen",
    CANCELLING: "Being cancelled",
    CANCELED: "Cancelled",
    DELETED: "Permanently deleted",
    EXPIRED: "Expired",
    CREATE_CARD_FAILED_REFUND: "Creation failed, deposit refunded",
  },
  cardopenapi: { "1": "Not activated", "2": "Active", "3": "Frozen", "4": "Being cancelled", "5": "Cancelled", "6": "Reported lost", "7": "Replaced" },
};

/** The provider's status in words, or null when the provider used a word we do not know (then show it as sent). */
export function providerStatusLabel(provider: ProviderName, status: string | null | undefined): string | null {
  if (!status) return null;
  const words = PROVIDER_STATUS_WORDS[provider];
  return words[status] ?? words[status.toLowerCase()] ?? words[status.toUpperCase()] ?? null;
}
