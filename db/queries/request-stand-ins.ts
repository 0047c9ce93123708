import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardRequestEvents, cardRequests } from "@/db/schema/requests";
import type { CardRequestRow } from "./requests";

/**
 * Locks the requests of these teams that can still be withdrawn (not yet being carried out) and whose team manager
 * step finance took in the manager's place (an approval with acted_as "finance"), oldest first. Open requests are read
 * through card_requests_status_idx, then the team.
 */
export async function lockStandInRequestsOfTeams(db: DbOrTx, params: { organizationId: string; teamIds: readonly string[] }): Promise<CardRequestRow[]> {
  if (params.teamIds.length === 0) return [];
  return db
    .select()
    .from(cardRequests)
    .where(
      and(
        eq(cardRequests.organizationId, params.organizationId),
        inArray(cardRequests.status, ["pending", "approved"]),
        inArray(cardRequests.teamId, [...new Set(params.teamIds)]),
        sql`exists (select 1 from ${cardRequestEvents} where ${cardRequestEvents.requestId} = ${cardRequests.id} and ${cardRequestEvents.type} = 'approved' and ${cardRequestEvents.actedAs} = 'finance')`,
      ),
    )
    .orderBy(asc(cardRequests.createdAt), asc(cardRequests.id))
    .for("update");
}
