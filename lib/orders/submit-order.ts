import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { claimOrderSubmission, findOrder, updateOpenOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { isProviderError, type CardProvider } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { beforeEachRequest } from "@/lib/providers/http";
import { withReportedCancelBalance } from "./cancel-balance";
import { lookUpOrder } from "./look-up-order";
import { orderTimingFor, sentWithinGrace } from "./order-deadline";
import { performOrder, type OrderRequest, type OrderTarget } from "./order-request";
import { failOrder, settleOrder } from "./settle-order";
import { markNeedsReview, recordUnknownOutcome } from "./unknown-outcome";

/** Errors after which we cannot tell whether the provider acted: the order stays open and is checked again. */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!isProviderError(error)) return true;
  return error.retryable || error.code === "unavailable" || error.code === "rate_limited" || error.code === "unknown";
}

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

/**
 * Sends a created order to its provider, at most once per claim. Providers that de-duplicate by customer order
 * number get the same request again after an unknown outcome; for the others we first look for the order (or, where
 * the provider keeps none, in the card's history), and only resend when the provider's records show it never
 * received it.
 */
export async function submitOrder(db: Db, orderId: string): Promise<ProviderOrderRow | null> {
  const order = await findOrder(db, orderId);
  if (!order || order.status !== "created") return order;
  const timing = await orderTimingFor(db, order.providerAccountId);
  const leaseUntil = () => new Date(Date.now() + timing.leaseMs);
  if (!(await claimOrderSubmission(db, { id: order.id, attempts: order.attempts, leaseUntil: leaseUntil() }))) {
    return findOrder(db, orderId);
  }
  const provider = await providerForAccount(db, order.providerAccountId);
  const target = await orderTarget(db, order);
  // Every request of this submission, a long lookup's included, extends the lease: the reconciler never starts a
  // second submission while this one may still send.
  const renewLease = async () => {
    await updateOpenOrder(db, order.id, { nextCheckAt: leaseUntil() });
  };

  if (order.attempts > 0 && !provider.capabilities.idempotentMutations) {
    const earlier = await beforeEachRequest(renewLease, () => lookUpEarlierSubmission(db, provider, order, target, timing.graceMs));
    if (earlier !== "absent") return earlier;
  }
  try {
    // Money boundary: lastSubmittedAt is stamped right before each request leaves, after any token fetch, so the grace
    // in which "not at the provider" proves nothing counts from the last moment the provider could have received it.
    const stamp = async () => {
      await updateOpenOrder(db, order.id, { lastSubmittedAt: new Date(), nextCheckAt: leaseUntil() });
    };
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
        if (found.order.status === "failed" && sentWithinGrace(order, graceMs)) return await recordUnknownOutcome(db, order, new Error("The provider has not carried out the request yet."));
        return await settleOrder(db, order.id, await withReportedCancelBalance(provider, order, target, found.order));
      case "absent":
        return "absent";
      case "not_yet":
        return await recordUnknownOutcome(db, order, new Error(found.reason));
      case "no_lookup":
        // Resending could move money twice and failing could hide money that moved: a person decides.
        return await markNeedsReview(db, order.id, found.reason, "no_lookup");
    }
  } catch (error) {
    return recordUnknownOutcome(db, order, error);
  }
}

async function recordSubmitError(db: Db, order: ProviderOrderRow, error: unknown): Promise<ProviderOrderRow | null> {
  if (isProviderError(error) && error.code === "duplicate") {
    // The provider already holds an order under our key (an earlier attempt reached it): follow that one.
    return updateOpenOrder(db, order.id, { status: "pending", nextCheckAt: new Date(Date.now() + 1000), failureMessage: null });
  }
  if (!isOutcomeUnknown(error)) {
    const message = error instanceof Error ? error.message : "The provider refused the request.";
    return failOrder(db, order.id, isProviderError(error) ? error.code : "error", message);
  }
  return recordUnknownOutcome(db, order, error);
}
