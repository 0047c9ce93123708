import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { isProviderError, type CardProvider } from "@/lib/providers";
import { isRecordAbsent } from "@/lib/providers/record-absent";
import { findInCardHistory, type OrderLookup } from "./card-history";
import { sentWithinGrace } from "./order-deadline";
import { orderRef, type OrderTarget } from "./order-request";

/**
 * Asks the provider how an order stands: its order lookup where it has one, else the card's own history. Errors that
 * say nothing about the order (timeouts, unreadable answers, outages, a "not found" that is not the provider's word
 * that the order does not exist) are thrown for the caller to treat as unknown.
 */
export async function lookUpOrder(db: Db, provider: CardProvider, order: ProviderOrderRow, target: OrderTarget, graceMs: number): Promise<OrderLookup> {
  const found = await askProvider(db, provider, order, target);
  // A request that timed out on our side may still be queued at the provider: "not there" proves nothing until the
  // grace has passed since it was last sent. Concluding too early would send it twice.
  if (found.kind === "absent" && sentWithinGrace(order, graceMs)) {
    return { kind: "not_yet", reason: `Not found at the provider yet, but it was sent only moments ago. ${found.reason}` };
  }
  return found;
}

async function askProvider(db: Db, provider: CardProvider, order: ProviderOrderRow, target: OrderTarget): Promise<OrderLookup> {
  try {
    return { kind: "answer", order: await provider.getOrder(orderRef(order, target)) };
  } catch (error) {
    if (isRecordAbsent(error)) return { kind: "absent", reason: error instanceof Error ? error.message : "" };
    if (isProviderError(error) && error.code === "unsupported") return findInCardHistory(db, provider, order, target);
    throw error;
  }
}
