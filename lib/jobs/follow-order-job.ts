import { isFinal } from "@/lib/orders/settle-order";
import { followOrder } from "@/lib/orders/follow-order";
import { orderTiming } from "@/lib/orders/order-deadline";
import { MAX_RETRY_BUDGET_MS, MAX_TIMEOUT_MS } from "@/lib/providers/config";
import type { JobDefinition } from "./job";
import { enqueue } from "./queue";
import { queueFundingRefresh } from "./refresh-funding-job";
import { wakeRequestOfOrder } from "./wake-request-of-order";

export const FOLLOW_ORDER = "orders.follow";

/**
 * Schedules the next look at an order; the reconcile job is the safety net if this is ever lost. One look per order
 * waits on the queue (the queue's "short" policy keys it by order), so the job re-queuing itself and the reconcile
 * job asking again never add a copy; the running job is not waiting, so it can always queue its successor.
 */
export async function scheduleOrderFollowUp(orderId: string, at: Date | null): Promise<void> {
  await enqueue(FOLLOW_ORDER, { orderId }, { startAfter: at ?? new Date(Date.now() + 1000), retryLimit: 5, retryBackoff: true, singletonKey: `order:${orderId}` });
}

export const followOrderJob: JobDefinition<{ orderId: string }> = {
  name: FOLLOW_ORDER,
  retryLimit: 5,
  policy: "short",
  // Orders are independent and following one is safe to repeat: one slow provider must not hold up the others.
  concurrency: 4,
  // A dead worker's step is handed out again after this. It outlasts the longest submission lease any account's
  // settings allow, so a step still sending is never run twice (the reconcile job picks up a dead one's order as soon
  // as its lease ends).
  expireInSeconds: Math.ceil(orderTiming({ timeoutMs: MAX_TIMEOUT_MS, maxRetryMs: MAX_RETRY_BUDGET_MS }).leaseMs / 1000) + 60,
  run: async ({ orderId }, db) => {
    const order = await followOrder(db, orderId);
    if (order && !isFinal(order)) await scheduleOrderFollowUp(order.id, order.nextCheckAt);
    // An approved request carried out through this order ends now, not at its next look (an hour away in review).
    if (order && isFinal(order)) await wakeRequestOfOrder(db, order.id);
    // Money moved (or a fee was charged): read the account's funding balance again, once for a burst of orders. (Its
    // statement is read once the order ended, by afterOrderEnded, whoever saw it end.)
    if (order && isFinal(order)) await queueFundingRefresh(order.providerAccountId);
  },
};
