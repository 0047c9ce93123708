import type { Db } from "@/db/client";
import { findOrder, updateOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { syncCard } from "@/lib/cards/sync-card";
import { isProviderError } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { orderRef } from "./order-request";
import { failOrder, isFinal, settleOrder } from "./settle-order";
import { backoffMs, orderTarget, submitOrder } from "./submit-order";

// A provider that keeps saying "no such order" for this long never received it.
const NOT_FOUND_GIVE_UP_MS = 15 * 60_000;

/**
 * One step of following an order to its end: submit it if it was never confirmed sent, otherwise ask the provider
 * how it stands. When it ends, the card is refreshed from the provider. Safe to run twice at once.
 */
export async function followOrder(db: Db, orderId: string): Promise<ProviderOrderRow | null> {
  let order = await findOrder(db, orderId);
  if (!order || isFinal(order)) return order;
  order = order.status === "created" ? await submitOrder(db, orderId) : await checkPendingOrder(db, order);
  if (order && isFinal(order) && order.cardId) {
    await syncCard(db, order.cardId).catch((error: unknown) =>
      console.warn(`[orders] could not refresh card ${order?.cardId} after order ${orderId}: ${error instanceof Error ? error.message : error}`),
    );
  }
  return order;
}

async function checkPendingOrder(db: Db, order: ProviderOrderRow): Promise<ProviderOrderRow | null> {
  const provider = await providerForAccount(db, order.providerAccountId);
  const target = await orderTarget(db, order);
  try {
    return await settleOrder(db, order.id, await provider.getOrder(orderRef(order, target)));
  } catch (error) {
    if (isProviderError(error) && error.code === "not_found" && Date.now() - order.createdAt.getTime() > NOT_FOUND_GIVE_UP_MS) {
      return failOrder(db, order.id, "not_found", "The provider has no record of this order.");
    }
    if (isProviderError(error) && !error.retryable && error.code !== "not_found") {
      return failOrder(db, order.id, error.code, error.message);
    }
    return updateOrder(db, order.id, { attempts: order.attempts + 1, nextCheckAt: new Date(Date.now() + backoffMs(order.attempts + 1)) });
  }
}
