import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardRequests } from "@/db/schema/requests";

/**
 * The approved or executing request whose order this is (its execution key), if any. Walks card_requests_due_idx,
 * whose rows are those requests only (few by nature): the status test is its predicate, word for word.
 */
export async function findExecutionOfOrder(db: DbOrTx, orderId: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: cardRequests.id })
    .from(cardRequests)
    .where(and(sql`${cardRequests.status} in ('approved', 'executing')`, eq(cardRequests.orderId, orderId)))
    .limit(1);
  return row ?? null;
}
