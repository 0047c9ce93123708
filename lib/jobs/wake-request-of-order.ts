import type { DbOrTx } from "@/db/client";
import { findExecutionOfOrder } from "@/db/queries/request-of-order";
import { EXECUTOR } from "@/lib/requests/executor-name";
import { loggableError } from "./loggable-error";
import { enqueue } from "./queue";

/**
 * An order ended: the request being carried out through it (if any) is looked at now rather than at the order's next
 * check, which for an order in review is an hour away. Its own key: the request's next look already waits on the
 * queue under `request:<id>`, and the queue keeps one waiting per key. A lost wake-up costs only time: the request's
 * waiting look, or the sweep, still comes.
 */
export async function wakeRequestOfOrder(db: DbOrTx, orderId: string): Promise<void> {
  try {
    const request = await findExecutionOfOrder(db, orderId);
    if (!request) return;
    await enqueue(EXECUTOR, { requestId: request.id }, { startAfter: new Date(), retryLimit: 5, retryBackoff: true, singletonKey: `request:${request.id}:order-ended` });
  } catch (error) {
    console.warn(`[requests] could not queue the request carried out through order ${orderId}: ${loggableError(error)}`);
  }
}
