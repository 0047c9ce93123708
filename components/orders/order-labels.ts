import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { OrderType } from "@/lib/providers/types";

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
