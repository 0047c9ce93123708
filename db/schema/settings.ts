import { jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { users } from "./users";

/**
 * One row of administrator settings per organisation. The JSON is validated by lib/settings/schema.ts on every
 * read and write, so a missing or older key falls back to its default instead of breaking a page.
 */
export const organizationSettings = pgTable("settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  values: jsonb("values").$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedByUserId: uuid("updated_by_user_id").references(() => users.id),
});
