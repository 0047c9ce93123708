import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { visibilityCondition } from "./cards";

/**
 * The newest creation time among the cards the viewer may see, as text (exact to the microsecond), or "none": one
 * row read at the newest end of each range's index (cards_org_created_idx for the whole organisation,
 * cards_owner_idx for the viewer's own, cards_team_idx per managed team).
 */
export async function newestVisibleCardCreatedAt(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter }): Promise<string> {
  const organization = eq(cards.organizationId, params.organizationId);
  const ranges: SQL[] = params.visibility.all
    ? [organization]
    : [and(organization, eq(cards.ownerUserId, params.visibility.ownerUserId))!, ...[...new Set(params.visibility.teamIds)].map((teamId) => and(organization, eq(cards.teamId, teamId))!)];
  const newest = ranges.map((where) => sql`(select max(${cards.createdAt}) from ${cards} where ${where})`);
  const result = await db.execute<{ at: string | null }>(sql`select greatest(${sql.join(newest, sql`, `)})::text as at`);
  return result.rows[0]?.at ?? "none";
}

/** The stamps (last change) of these cards, only those the viewer may see: by primary key, at most a page of them. */
export async function visibleCardStamps(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter; cardIds: readonly string[] }): Promise<{ id: string; updatedAt: Date }[]> {
  if (params.cardIds.length === 0) return [];
  return db
    .select({ id: cards.id, updatedAt: cards.updatedAt })
    .from(cards)
    .where(and(eq(cards.organizationId, params.organizationId), inArray(cards.id, [...params.cardIds]), visibilityCondition(params.visibility)));
}
