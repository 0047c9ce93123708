import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * The installation's operators: people who may read what belongs to no organisation (audit rows of sign-in
 * attempts for unknown emails). Granted only with `npm run operators`, as the database owner: the app's role may
 * read this table but never write it, so no organisation's administrator can make themselves one.
 */
export const systemOperators = pgTable("system_operators", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
  grantedBy: text("granted_by").notNull(),
});
