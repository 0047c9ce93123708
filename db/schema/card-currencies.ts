import { pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * Every currency an organisation has held a card in, for the cards list's currency filter: read in one index probe
 * instead of scanning the organisation's cards on every page load. Kept by triggers on cards (the
 * card_currencies_sync migration), so no write path can forget it; a currency stays listed once it has been used.
 */
export const cardCurrencies = pgTable(
  "card_currencies",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    currency: text("currency").notNull(),
  },
  (table) => [primaryKey({ columns: [table.organizationId, table.currency] })],
);
