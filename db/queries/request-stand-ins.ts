import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardRequestEvents, cardRequests } from "@/db/schema/requests";
import type { CardRequestRow } from "./requests";

/**
 * Locks every request of these teams that can still be withdrawn (not yet being carried out), oldest first, and returns
 * those whose team manager step finance took in the manager's place (an approval with acted_as "finance"). All open
 * requests are locked, not only those already carrying such an approval: a decision in flight (finance standing in at
 * this moment) holds its request's lock, so it is waited for and then seen, committed, by the check that follows.
 * Open requests are read through card_requests_status_idx, then the team.
 */
export async function lockStandInRequestsOfTeams(db: DbOrTx, params: { organizationId: string; teamIds: readonly string[] }): Promise<CardRequestRow[]> {
  if (params.teamIds.length === 0) return [];
  const open = await db
    .select()
    .from(cardRequests)
    .where(and(eq(cardRequests.organizationId, params.organizationId), inArray(cardRequests.status, ["pending", "approved"]), inArray(cardRequests.teamId, [...new Set(params.teamIds)])))
    .orderBy(asc(cardRequests.createdAt), asc(cardRequests.id))
    .for("update");
  if (open.length === 0) return [];
  const standIns = await db
    .selectDistinct({ requestId: cardRequestEvents.requestId })
    .from(cardRequestEvents)
    .where(and(inArray(cardRequestEvents.requestId, open.map((request) => request.id)), eq(cardRequestEvents.type, "approved"), eq(cardRequestEvents.actedAs, "finance")));
  const tookStep = new Set(standIns.map((row) => row.requestId));
  return open.filter((request) => tookStep.has(request.id));
}
