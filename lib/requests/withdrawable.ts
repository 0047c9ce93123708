import type { DbOrTx } from "@/db/client";
import { findOrder } from "@/db/queries/provider-orders";
import type { CardRequestRow } from "@/db/queries/requests";
import { executionKey } from "./execution-key";

/**
 * Whether a request can still be withdrawn by its requester: nothing has reached the provider for it. Pending or
 * approved; or executing on an existing card with no order under its key yet, which is a request the executor claimed
 * and left waiting for another change to the card to end (lib/requests/busy-card.ts). MONEY: decisive only under the
 * request's row lock (cancelRequest), which the executor's placement takes before writing its order; read without it
 * (the request page), it only decides whether to offer the button.
 */
export async function isWithdrawable(db: DbOrTx, request: Pick<CardRequestRow, "id" | "status" | "kind" | "cardId" | "executionAttempt">): Promise<boolean> {
  if (request.status === "pending" || request.status === "approved") return true;
  if (request.status !== "executing" || request.kind === "new_card" || !request.cardId) return false;
  return (await findOrder(db, executionKey(request.id, request.executionAttempt))) === null;
}
