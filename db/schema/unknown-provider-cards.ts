import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { providerAccounts } from "./provider-accounts";

/**
 * Card ids that transactions name and the provider answered "card not found" for (a card deleted at the provider after
 * it was used). Card discovery asks about each id once instead of every run, so ids it can never import do not hold
 * back the ones after them; the transactions list says the card is unknown to the provider instead of "not linked yet".
 */
export const unknownProviderCards = pgTable(
  "unknown_provider_cards",
  {
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    providerCardId: text("provider_card_id").notNull(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.providerAccountId, table.providerCardId] })],
);
