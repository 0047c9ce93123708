import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { claimOrderSubmission, findOrder, updateOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { isProviderError, type CardProvider } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { orderRef, performOrder, type OrderRequest, type OrderTarget } from "./order-request";
import { failOrder, settleOrder } from "./settle-order";

const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;

/** 2 s, 4 s, 8 s … capped at a minute, with jitter so many orders do not retry in step. */
export function backoffMs(attempt: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(1, attempt));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

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
 * number get the same request again after an unknown outcome; for the others we first look for the order, and
 * only resend when the provider confirms it never received it.
 */
export async function submitOrder(db: Db, orderId: string): Promise<ProviderOrderRow | null> {
  const order = await findOrder(db, orderId);
  if (!order || order.status !== "created") return order;
  if (!(await claimOrderSubmission(db, { id: order.id, attempts: order.attempts, leaseUntil: new Date(Date.now() + LEASE_MS) }))) {
    return findOrder(db, orderId);
  }
  const provider = await providerForAccount(db, order.providerAccountId);
  const target = await orderTarget(db, order);

  if (order.attempts > 0 && !provider.capabilities.idempotentMutations) {
    const lookup = await lookUpEarlierSubmission(db, provider, order, target);
    if (lookup !== "absent") return lookup;
  }
  try {
    const result = await performOrder(provider, order.id, order.request as OrderRequest, target);
    return await settleOrder(db, order.id, result);
  } catch (error) {
    return recordSubmitError(db, order, error);
  }
}

async function lookUpEarlierSubmission(db: Db, provider: CardProvider, order: ProviderOrderRow, target: OrderTarget): Promise<ProviderOrderRow | null | "absent"> {
  try {
    return await settleOrder(db, order.id, await provider.getOrder(orderRef(order, target)));
  } catch (error) {
    if (isProviderError(error) && error.code === "not_found") return "absent";
    if (isProviderError(error) && error.code === "unsupported") {
      return failOrder(
        db,
        order.id,
        "unconfirmed",
        `${provider.name} did not answer the first request and offers no way to look it up, so it was not sent again. Check the card's balance and history before trying again.`,
      );
    }
    return recordSubmitError(db, order, error);
  }
}

async function recordSubmitError(db: Db, order: ProviderOrderRow, error: unknown): Promise<ProviderOrderRow | null> {
  const attempts = order.attempts + 1;
  if (!isOutcomeUnknown(error)) {
    const message = error instanceof Error ? error.message : "The provider refused the request.";
    return failOrder(db, order.id, isProviderError(error) ? error.code : "error", message);
  }
  const reason = error instanceof Error ? error.message : "unknown error";
  console.warn(`[orders] ${order.type} order ${order.id}: provider outcome unknown (attempt ${attempts}): ${reason}`);
  if (attempts >= MAX_ATTEMPTS) {
    return failOrder(db, order.id, "unavailable", `The provider did not answer after ${attempts} tries. ${reason}`);
  }
  return updateOrder(db, order.id, { nextCheckAt: new Date(Date.now() + backoffMs(attempts)), failureMessage: reason });
}
