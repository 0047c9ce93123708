import type { DbOrTx } from "@/db/client";
import { findOrder } from "@/db/queries/provider-orders";
import type { CardRequestRow } from "@/db/queries/requests";

/**
 * Who stopped a failed request: the provider, when an order went out under the attempt's key and it refused it, or
 * Cardhub, whose own checks (a funding balance short of the amount, a card frozen meanwhile) refused it before anything
 * was sent. The overview's "Failed orders" lists only the provider's refusals, so the request page must not call
 * Cardhub's a provider's.
 */
export async function failureOrigin(db: DbOrTx, request: Pick<CardRequestRow, "status" | "orderId">): Promise<"provider" | "cardhub" | null> {
  if (request.status !== "failed") return null;
  const order = request.orderId ? await findOrder(db, request.orderId) : null;
  return order?.status === "failed" ? "provider" : "cardhub";
}
