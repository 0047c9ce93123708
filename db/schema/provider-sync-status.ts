import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { providerAccounts } from "./provider-accounts";

/** Where a walk through one provider listing stands when a run stopped before the listing's end. */
export type WalkPosition = {
  /** When the walk began (ISO): once it reaches the end, the listing is read up to then. */
  startedAt: string;
  /** Lower date bound of the walk (YYYY-MM-DD); absent: the listing's whole history. */
  from?: string;
  /** The provider's cursor of the last page read, which is read again (one page of overlap). */
  cursor?: string;
};

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
    /**
     * Rows of kind "walk:<listing>" only (db/queries/sync-walks.ts): where a walk through a long provider listing
     * stopped when a run reached its page cap, so the next run goes on from there. NULL: no walk under way.
     */
    walkPosition: jsonb("walk_position").$type<WalkPosition>(),
  },
  (table) => [primaryKey({ columns: [table.providerAccountId, table.kind] })],
);
