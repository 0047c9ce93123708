import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { descending } from "./index-order";
import { organizations } from "./organizations";
import { users } from "./users";

export const NOTIFICATION_KINDS = ["request.needs_you", "request.approved", "request.rejected", "request.done", "request.failed", "request.withdrawn", "funding.low_balance", "card.declined", "card.frozen", "card.unfrozen", "card.cancelled", "account.two_factor_locked"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** In-app notifications. (recipient, event_key) is unique, so one event can never notify a person twice. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    recipientUserId: uuid("recipient_user_id")
      .notNull()
      .references(() => users.id),
    eventKey: text("event_key").notNull(),
    kind: text("kind").$type<NotificationKind>().notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    href: text("href").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("notifications_recipient_event_unique").on(table.recipientUserId, table.eventKey),
    index("notifications_recipient_created_idx").on(table.recipientUserId, table.createdAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    // The bell lists a person's unread notices first, newest first, and counts them (db/queries/notifications.ts).
    index("notifications_recipient_unread_created_idx")
      .on(table.recipientUserId, descending(table.createdAt), descending(table.id))
      .where(sql`${table.readAt} is null`),
    // Settling one event for everyone it reached (a step someone already took): its unread rows by event key.
    index("notifications_unread_event_idx").on(table.eventKey).where(sql`${table.readAt} is null`),
  ],
);
