import { and, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardRequests, OPEN_REQUEST_STATUSES, type RequestKind } from "@/db/schema/requests";

/**
 * The open requests about these cards, per card (kind → request id; at most one per card and kind), for the
 * new-request form: a card is shown as already requested for those kinds. Reads card_requests_one_open_per_card_kind.
 */
export async function listOpenRequestsForCards(db: DbOrTx, cardIds: readonly string[]): Promise<Map<string, Partial<Record<RequestKind, string>>>> {
  const open = new Map<string, Partial<Record<RequestKind, string>>>();
  if (cardIds.length === 0) return open;
  const rows = await db
    .select({ id: cardRequests.id, cardId: cardRequests.cardId, kind: cardRequests.kind })
    .from(cardRequests)
    .where(and(inArray(cardRequests.cardId, [...cardIds]), inArray(cardRequests.status, [...OPEN_REQUEST_STATUSES])));
  for (const row of rows) open.set(row.cardId!, { ...open.get(row.cardId!), [row.kind]: row.id });
  return open;
}
