import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { scheduleOrderFollowUp } from "@/lib/jobs/follow-order-job";
import { loggableError } from "@/lib/jobs/loggable-error";
import { queueFundingRefresh } from "@/lib/jobs/refresh-funding-job";
import { afterOrderEnded } from "./after-order-ended";
import { cancelBalanceOf } from "./cancel-balance";
import { isFinal } from "./settle-order";
import { submitOrder } from "./submit-order";

/**
 * Sends a just-written order at once, so the person sees the provider's first answer (say, insufficient funds)
 * immediately, then hands it to the worker to follow. A failure to enqueue loses nothing: the order row is
 * committed and the reconcile job finds it.
 */
export async function startOrder(db: Db, orderId: string): Promise<ProviderOrderRow | null> {
  let order: ProviderOrderRow | null = null;
  try {
    order = await submitOrder(db, orderId);
  } catch (error) {
    console.error(`[orders] submitting ${orderId} failed unexpectedly: ${loggableError(error)}`);
  }
  if (order && isFinal(order)) await afterOrderEnded(db, order);
  // A cancellation that gave money back changes the funding balance: read it again now (the follow-up job does the
  // same for orders that end later).
  const cancelled = order && order.status === "completed" ? cancelBalanceOf(order) : null;
  if (order && cancelled?.amount && BigInt(cancelled.amount) > 0n) {
    const accountId = order.providerAccountId;
    await queueFundingRefresh(accountId).catch((error: unknown) =>
      console.warn(`[orders] could not enqueue a funding refresh for ${accountId}: ${loggableError(error)}`),
    );
  }
  if (!order || !isFinal(order)) {
    await scheduleOrderFollowUp(orderId, order?.nextCheckAt ?? null).catch((error: unknown) =>
      console.error(`[orders] could not enqueue follow-up for ${orderId}: ${loggableError(error)}`),
    );
  }
  return order;
}
