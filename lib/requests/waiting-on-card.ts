import type { CardRequestRow } from "@/db/queries/requests";

/**
 * An approved request held back by another change to its card (lib/requests/busy-card.ts), with nothing placed for it:
 * still approved, or claimed by the executor (executing). card_busy_since is set when it begins waiting and cleared in
 * the transaction that writes its order (requestCardChange) or by a retry, so the row alone says it, without a read of
 * the request's orders per row.
 */
export function isWaitingOnCard(request: Pick<CardRequestRow, "status" | "cardBusySince">): boolean {
  return (request.status === "approved" || request.status === "executing") && request.cardBusySince !== null;
}
