import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { claimOrderSubmission, findOrder, holdOrderSubmission, updateOpenOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { isProviderError, type CardProvider } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { isOutcomeUnknown } from "@/lib/providers/outcome-unknown";
import { beforeEachRequest } from "@/lib/providers/http";
import { readFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { withReportedCancelBalance } from "./cancel-balance";
import { lookUpOrder } from "./look-up-order";
import { orderTimingFor, sentWithinGrace } from "./order-deadline";
import { performOrder, type OrderRequest, type OrderTarget } from "./order-request";
import { failOrder, settleOrder } from "./settle-order";
import { markNeedsReview, recordUnknownOutcome } from "./unknown-outcome";

export async function orderTarget(db: Db, order: ProviderOrderRow): Promise<OrderTarget> {
  const card = order.cardId ? await findCard(db, order.cardId) : null;
  const request = order.request as OrderRequest;
  return {
    providerCardId: card?.providerCardId ?? null,
    cardModel: card?.cardModel ?? (request.type === "issue" ? request.model : "prepaid"),
    currency: card?.currency ?? order.currency ?? "USD",
    ownerRef: card?.ownerUserId ?? null,
  };
}

/** Thrown before a request would leave when the submission no longer holds the order (see holdOrderSubmission). */
class SubmissionTakenOver extends Error {}

/**
 * Sends a created order to its provider, at most once per claim. Providers that de-duplicate by customer order
 * number get the same request again after an unknown outcome; for the others we first look for the order (or, where
 * the provider keeps none, in the card's history), and only resend when the provider's records show it never
 * received it.
 */
export async function submitOrder(db: Db, orderId: string): Promise<ProviderOrderRow | null> {
  const current = await findOrder(db, orderId);
  if (!current || current.status !== "created") return current;
  const timing = await orderTimingFor(db, current.providerAccountId);
  const leaseUntil = () => new Date(Date.now() + timing.leaseMs);
  // Money boundary: only the row as claimed counts from here on. A row read before the claim may predate another
  // follower's send, and judging the grace on it would take a request still in flight for one that never arrived.
  const order = await claimOrderSubmission(db, { id: current.id, attempts: current.attempts, leaseUntil: leaseUntil() });
  if (!order) return findOrder(db, orderId);
  const provider = await providerForAccount(db, order.providerAccountId);
  const target = await orderTarget(db, order);
  // Every request of this submission, a long lookup's included, extends the lease first, and only while this
  // submission still holds the order: one that stalled past its lease and was taken over sends nothing more.
  const hold = async (values: { nextCheckAt: Date; lastSubmittedAt?: Date }) => {
    if (!(await holdOrderSubmission(db, { id: order.id, attempts: order.attempts, values }))) {
      throw new SubmissionTakenOver(`Order ${order.id} was taken over by another submission.`);
    }
  };

  // An earlier claim (attempts counts this one) may have sent it.
  if (order.attempts > 1 && !provider.capabilities.idempotentMutations) {
    const earlier = await beforeEachRequest(() => hold({ nextCheckAt: leaseUntil() }), () => lookUpEarlierSubmission(db, provider, order, target, timing.graceMs));
    if (earlier !== "absent") return earlier;
  }
  try {
    // Money boundary: lastSubmittedAt is stamped right before each request leaves, after any token fetch, so the grace
    // in which "not at the provider" proves nothing counts from the last moment the provider could have received it.
    const stamp = () => hold({ lastSubmittedAt: new Date(), nextCheckAt: leaseUntil() });
    const result = await beforeEachRequest(stamp, () => performOrder(provider, order.id, order.request as OrderRequest, target));
    return await settleOrder(db, order.id, await withReportedCancelBalance(provider, order, target, result));
  } catch (error) {
    return recordSubmitError(db, order, error);
  }
}

async function lookUpEarlierSubmission(db: Db, provider: CardProvider, order: ProviderOrderRow, target: OrderTarget, graceMs: number): Promise<ProviderOrderRow | null | "absent"> {
  try {
    const found = await lookUpOrder(db, provider, order, target, graceMs);
    switch (found.kind) {
      case "answer":
        // Some providers answer from the card's state (Card OPEN-API freezes, NobePay cancellations): "not done" may
        // only mean "not done yet" while the lost request could still arrive.
        if (found.order.status === "failed" && sentWithinGrace(order, graceMs)) return await recordUnknownOutcome(db, order, "The provider has not carried out the request yet.");
        // Past that, a card not in the action's state shows the request was never carried out: it is sent again, as the
        // person was told it would be. A state set twice is set once (a freeze of a frozen card freezes nothing more).
        if (found.order.status === "failed" && found.order.fromCardState) return "absent";
        return await settleOrder(db, order.id, await withReportedCancelBalance(provider, order, target, found.order));
      case "absent":
        return "absent";
      case "not_yet":
        return await recordUnknownOutcome(db, order, found.reason);
      case "no_lookup":
        // Resending could move money twice and failing could hide money that moved: a person decides.
        return await markNeedsReview(db, order.id, found.reason, "no_lookup");
    }
  } catch (error) {
    // The follower that took over owns the order's schedule now.
    if (error instanceof SubmissionTakenOver) return findOrder(db, order.id);
    return recordUnknownOutcome(db, order, error);
  }
}

async function recordSubmitError(db: Db, order: ProviderOrderRow, error: unknown): Promise<ProviderOrderRow | null> {
  if (error instanceof SubmissionTakenOver) return findOrder(db, order.id);
  if (isProviderError(error) && error.code === "duplicate") {
    // The provider already holds an order under our key (an earlier attempt reached it): follow that one.
    return updateOpenOrder(db, order.id, { status: "pending", nextCheckAt: new Date(Date.now() + 1000), failureMessage: null });
  }
  if (!isOutcomeUnknown(error)) {
    return failOrder(db, order.id, isProviderError(error) ? error.code : "error", readFailureText(error));
  }
  return recordUnknownOutcome(db, order, error);
}
