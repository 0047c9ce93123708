import { index, pgTable, primaryKey, timestamp, uuid } from "drizzle-orm/pg-core";
import { cards } from "./cards";
import { teams } from "./teams";
import { users } from "./users";

/**
 * Who held a card, and in which team, from when: one row per holding, each lasting until the card's next one. A
 * transaction is booked to the holding its occurred_at falls in (db/queries/card-holdings.ts), so a row reported late
 * stays with the holder and team it was spent by. Written only by triggers on cards (migration 0052_card_holdings), in
 * the statement that changes the card, under its row lock: a card's first holder and team (on issue, or when a card
 * imported unassigned is first assigned) hold it from -infinity, as whatever happened before Cardhub knew who had the
 * card is the first known holder's; each later change of its owner or team starts the next holding at that moment
 * (clock_timestamp()). A card never assigned has none.
 * The primary key is the pick's index: the latest holding of a card starting no later than a time.
 */
export const cardHoldings = pgTable(
  "card_holdings",
  {
    cardId: uuid("card_id")
      .notNull()
      .references(() => cards.id, { onDelete: "cascade" }),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ name: "card_holdings_pk", columns: [table.cardId, table.validFrom] }),
    // A team's past holdings: whether any card was ever held in it (deleting a team, lib/teams/delete-team.ts).
    index("card_holdings_team_idx").on(table.teamId),
  ],
);
