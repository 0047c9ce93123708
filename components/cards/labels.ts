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
