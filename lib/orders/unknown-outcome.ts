import type { Db } from "@/db/client";
import { lockOrder, updateOpenOrder, updateOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import { findCard } from "@/db/queries/card-updates";
import { loggableError } from "@/lib/jobs/loggable-error";
import { readFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { ProviderError } from "@/lib/providers/errors";
import { backoffMs, isPastReviewDeadline, REVIEW_AFTER_MS, REVIEW_RECHECK_MS } from "./order-deadline";

/**
 * The provider's answer is unknown (timeout, outage, unreadable body, not in its records yet): the order stays open
 * and is asked about again with backoff. Silence never fails an order; past the review deadline it is marked
 * "needs review" for a person, and still looked up hourly. `problem`: what left it unknown, either Cardhub's own
 * explanation (a sentence written for the order's reader) or the error thrown.
 */
export async function recordUnknownOutcome(db: Db, order: ProviderOrderRow, problem: unknown): Promise<ProviderOrderRow | null> {
  // The order's failure message and its review audit row (append-only) are read by finance and auditors: an error of
  // Cardhub's own (a failed query with a row's values) is named there in a fixed phrase, and goes to the log cleaned.
  const reason = typeof problem === "string" ? problem : readFailureText(problem);
  const logged = typeof problem === "string" ? problem : loggableError(problem);
  console.warn(`[orders] ${order.type} order ${order.id}: outcome unknown (${order.status}, attempt ${order.attempts}): ${logged}`);
  if (order.status !== "needs_review" && isPastReviewDeadline(order)) return markNeedsReview(db, order.id, reason, "deadline");
  // A submission already counted its attempt when it claimed the order; a status check counts here.
  const attempts = order.attempts + 1;
  // A provider that said when to come back (Retry-After beyond the client's own retry budget) is not asked sooner.
  const retryAfterMs = problem instanceof ProviderError ? (problem.retryAfterMs ?? 0) : 0;
  const delay = order.status === "needs_review" ? REVIEW_RECHECK_MS : Math.max(backoffMs(attempts), retryAfterMs);
  return updateOpenOrder(db, order.id, {
    ...(order.status === "created" ? {} : { attempts }),
    nextCheckAt: new Date(Date.now() + delay),
    // An order in review keeps the explanation a person reads; others keep the latest problem.
    ...(order.status === "needs_review" ? {} : { failureMessage: reason }),
  });
}

/**
 * Hands an order whose outcome is unknown to a person, with an audit row saying why: after the review deadline, or
 * at once when the provider offers no way to find out (resending could move money twice, failing could hide money
 * that moved).
 */
export async function markNeedsReview(db: Db, orderId: string, reason: string, why: "deadline" | "no_lookup"): Promise<ProviderOrderRow | null> {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || (order.status !== "created" && order.status !== "pending")) return order;
    const hours = Math.round(REVIEW_AFTER_MS / 3_600_000);
    const message =
      why === "deadline"
        ? `The provider's answer stayed unknown for more than ${hours} hours; check the card at the provider. Cardhub keeps looking every hour. Last problem: ${reason}`
        : `The provider's answer was lost and it offers no way to look the request up; check the card at the provider before trying again. ${reason}`;
    const updated = await updateOrder(tx, order.id, { status: "needs_review", failureCode: "needs_review", failureMessage: message, nextCheckAt: new Date(Date.now() + REVIEW_RECHECK_MS) });
    const teamId = order.cardId ? ((await findCard(tx, order.cardId))?.teamId ?? null) : null;
    await record(tx, await workerAuditContext(tx, order.createdByUserId, order.organizationId), {
      action: "order.needs_review",
      outcome: "failure",
      targetType: "card",
      targetId: order.cardId ?? undefined,
      teamId,
      summary: { orderId: order.id, type: order.type, amount: order.amount, currency: order.currency, previousStatus: order.status, why, afterHours: why === "deadline" ? hours : undefined, reason },
    });
    return updated;
  });
}
