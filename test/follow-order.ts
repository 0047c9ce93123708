import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { followOrder } from "@/lib/orders/follow-order";
import { isFinal } from "@/lib/orders/settle-order";

/** Follows a provider order as the follow-up job would, every 30 ms, until it is final (or gone). */
export async function followOrderToEnd(db: Db, orderId: string, steps = 200): Promise<ProviderOrderRow | null> {
  for (let step = 0; step < steps; step += 1) {
    const order = await followOrder(db, orderId);
    if (!order || isFinal(order)) return order;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error("order never finished");
}
