import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { cardHoldings } from "@/db/schema/card-holdings";

const h = cardHoldings;

/**
 * MONEY: the holding of card `cardId` at `at`, as a subquery for a `left join lateral … on true` giving owner_user_id
 * and team_id: the latest holding starting no later than `at`. A card's first holding starts at -infinity, so a card
 * that has ever been assigned always has one; a card never assigned has none, and its rows are nobody's. One descent
 * of card_holdings_pk, backwards. The one rule for whose a transaction is, by when it happened: a row reported after
 * its card changed hands stays with the holder and team it was spent by.
 */
export function holdingAt(cardId: AnyPgColumn | SQL, at: AnyPgColumn | SQL): SQL {
  return sql`(select ${h.ownerUserId} as owner_user_id, ${h.teamId} as team_id from ${h}
    where ${h.cardId} = ${cardId} and ${h.validFrom} <= ${at}
    order by ${h.validFrom} desc
    limit 1)`;
}
