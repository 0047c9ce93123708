import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";

/**
 * A card this person is still issuing with the same alias, holder and provider account (its issue not yet answered:
 * the card is pending), or null. Reads the organisation's pending cards only (cards_status_idx).
 */
export async function findPendingIssueLike(
  db: DbOrTx,
  params: { organizationId: string; createdByUserId: string; alias: string; ownerUserId: string | null; providerAccountId: string },
): Promise<{ id: string; createdAt: Date } | null> {
  const [row] = await db
    .select({ id: cards.id, createdAt: cards.createdAt })
    .from(cards)
    .where(
      and(
        eq(cards.organizationId, params.organizationId),
        eq(cards.status, "pending"),
        eq(cards.createdByUserId, params.createdByUserId),
        eq(cards.providerAccountId, params.providerAccountId),
        sql`lower(${cards.alias}) = lower(${params.alias})`,
        params.ownerUserId ? eq(cards.ownerUserId, params.ownerUserId) : isNull(cards.ownerUserId),
      ),
    )
    .orderBy(sql`${cards.createdAt} desc`)
    .limit(1);
  return row ?? null;
}
