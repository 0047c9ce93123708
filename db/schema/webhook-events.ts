import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { providerAccounts } from "./provider-accounts";

/** The raw provider event, stored once (card secrets stripped) and processed by a job. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    providerEventId: text("provider_event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
  },
  (table) => [
    uniqueIndex("webhook_events_provider_unique").on(table.providerAccountId, table.providerEventId),
    index("webhook_events_unprocessed_idx").on(table.processedAt, table.receivedAt),
    index("webhook_events_pending_idx")
      .on(table.receivedAt, table.id)
      .where(sql`${table.processedAt} is null`),
  ],
);
