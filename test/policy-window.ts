import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardRequests } from "@/db/schema/requests";
import { POLICY_WINDOW_DAYS } from "@/lib/requests/policy";

/**
 * Moves every request filed so far out of the approval policy's look-back window, so the next top-up or first load
 * is weighed on its own: for tests about routing by role or threshold rather than about adding requests up.
 */
export async function outsidePolicyWindow(db: DbOrTx): Promise<void> {
  await db.update(cardRequests).set({ createdAt: sql`${cardRequests.createdAt} - make_interval(days => ${POLICY_WINDOW_DAYS + 1}::int)` });
}
