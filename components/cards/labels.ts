import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { CardModel, CardStatus, OrderType, ProviderName } from "@/lib/providers/types";

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  cardepass: "Cardepass",
  nobepay: "NobePay",
  cardopenapi: "Card OPEN-API",
};

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

const FEE_LABELS: Record<string, string> = {
  openCardFee: "Card issuing fee",
  topUpFee: "Top-up fee",
  cancelCardFee: "Cancellation fee",
  withdrawFee: "Withdrawal fee",
};

export function feeLabel(key: string): string {
  if (FEE_LABELS[key]) return FEE_LABELS[key];
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type Fee = { key: string; label: string; amount: string; currency: string };

/** Product fees as stored ({ key: { amount, currency } }); malformed entries are skipped rather than guessed. */
export function feesOf(fees: Record<string, unknown> | null | undefined): Fee[] {
  if (!fees) return [];
  const result: Fee[] = [];
  for (const [key, value] of Object.entries(fees)) {
    if (typeof value !== "object" || value === null) continue;
    const { amount, currency } = value as { amount?: unknown; currency?: unknown };
    if ((typeof amount === "string" || typeof amount === "number") && typeof currency === "string") {
      result.push({ key, label: feeLabel(key), amount: String(amount), currency });
    }
  }
  return result;
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
