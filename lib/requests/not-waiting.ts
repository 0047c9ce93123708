import type { DbOrTx } from "@/db/client";
import { listRequestEvents, type CardRequestRow, type RequestEventView } from "@/db/queries/requests";

/** What whyCannotApprove says of a request no longer pending when nothing tells more (lib/requests/policy.ts). */
export const NOT_WAITING = "This request is not waiting for an approval any more.";

type Closing = Pick<RequestEventView, "type" | "actorUserId" | "actorName" | "comment">;

/**
 * Why a request no longer waits for anyone's decision, said by who ended the wait, as its timeline records it:
 * "Eli Employee cancelled this request: there is nothing to decide." The requester cancelling is a cancellation;
 * anyone else closing it, or Cardhub (no actor), withdrew it. `closing` is the event that ended it: its cancellation
 * or rejection, or the last approval of one approved since (carried out, failed or under way). `viewerId` is told
 * "You" for what they did themselves (in another tab, say).
 */
export function notWaitingReason(request: Pick<CardRequestRow, "status" | "requesterUserId">, closing: Closing | null, viewerId: string): string {
  if (!closing) return NOT_WAITING;
  const who = closing.actorUserId === null ? "Cardhub" : closing.actorUserId === viewerId ? "You" : (closing.actorName ?? "Someone");
  switch (closing.type) {
    case "cancelled":
      return closing.actorUserId !== null && closing.actorUserId === request.requesterUserId && !closing.comment
        ? `${who} cancelled this request: there is nothing to decide.`
        : `${who} withdrew this request: there is nothing to decide.`;
    case "rejected":
      return `${who} rejected this request: there is nothing to decide.`;
    case "approved":
      return `${who} approved this request: there is nothing left to decide.`;
    default:
      return NOT_WAITING;
  }
}

/** The event that ended a request's wait for decisions: see notWaitingReason. Null while it is pending. */
function closingEvent(request: Pick<CardRequestRow, "status">, events: readonly RequestEventView[]): RequestEventView | null {
  const type = request.status === "cancelled" ? "cancelled" : request.status === "rejected" ? "rejected" : request.status === "pending" ? null : "approved";
  return type ? (events.findLast((event) => event.type === type) ?? null) : null;
}

/**
 * notWaitingReason for a request that is no longer pending, read from its timeline: what a decision on it is refused
 * with (lib/requests/decide-request.ts), so the approver learns what happened rather than only that it did.
 */
export async function whyNotWaiting(db: DbOrTx, request: Pick<CardRequestRow, "id" | "status" | "requesterUserId">, viewerId: string): Promise<string> {
  return notWaitingReason(request, closingEvent(request, await listRequestEvents(db, request.id)), viewerId);
}
