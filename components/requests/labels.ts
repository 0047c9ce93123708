import type { ApproverRole, RequestEventType, RequestKind, RequestStatus } from "@/db/schema/requests";

export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  new_card: "New card",
  limit_increase: "Limit increase",
  top_up: "Top-up",
  unfreeze: "Unfreeze",
  activate: "Activation",
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: "Waiting for approval",
  approved: "Approved",
  executing: "Executing",
  done: "Done",
  failed: "Failed",
  rejected: "Rejected",
  cancelled: "Cancelled",
};

export const APPROVER_ROLE_LABELS: Record<ApproverRole, string> = { team_manager: "manager", finance: "finance" };

/** Approved or executing, and held back by another change to its card with nothing sent (isWaitingOnCard). */
export const WAITING_ON_CARD_LABEL = "Waiting for another change";

/**
 * With `financeStandsIn`, the manager's step waits for finance: the team has no manager who may take it. With
 * `waitingOnCard`, an approved request waits for another change to its card: not "Executing", as nothing was sent.
 */
export function statusText(status: RequestStatus, awaiting: ApproverRole | null, financeStandsIn = false, waitingOnCard = false): string {
  if (waitingOnCard && (status === "approved" || status === "executing")) return WAITING_ON_CARD_LABEL;
  if (status === "pending" && awaiting === "team_manager" && financeStandsIn) return "Waiting for finance (no manager)";
  return status === "pending" && awaiting ? `Waiting for ${APPROVER_ROLE_LABELS[awaiting]}` : REQUEST_STATUS_LABELS[status];
}

export const EVENT_LABELS: Record<RequestEventType, string> = {
  created: "Requested",
  approved: "Approved",
  rejected: "Rejected",
  cancelled: "Cancelled",
  // Recorded when Cardhub takes the request up, before its own checks and the order: not proof anything was sent.
  executing: "Processing started",
  executed: "Done",
  failed: "Failed",
  retried: "Retried",
  rerouted: "Moved to another team",
};
