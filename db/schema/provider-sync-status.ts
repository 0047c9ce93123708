import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { providerAccounts } from "./provider-accounts";

/** Sync health of one kind of background read (funding, …) per provider account: when it last worked, and why not. */
export const providerSyncStatus = pgTable(
  "provider_sync_status",
  {
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    kind: text("kind").notNull(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    // The provider's answer in plain words (ProviderError.userMessage); never a credential or a card number.
    lastError: text("last_error"),
  },
  (table) => [primaryKey({ columns: [table.providerAccountId, table.kind] })],
);
