import type { CardStatus } from "@/lib/providers/types";

// Apart from labels.ts: the forms that import those labels do not need these in their first-load JavaScript.
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
