import { sql } from "drizzle-orm";
import { bigint, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";

/**
 * One row per crossing of a low-balance threshold: opened when an account's currency (or, where the provider funds
 * each segment apart, one segment) goes below its threshold, closed (recovered_at) when it is back at or above it. At
 * most one open row per account, currency and scope (the partial unique index), so two refreshes racing, or a worker
 * restarting, can open a crossing, and notify about it, once.
 */
export const lowBalanceAlerts = pgTable(
  "low_balance_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    currency: text("currency").notNull(),
    /** The funding source judged (a NobePay segment's scope), or '' for the account's whole currency. */
    scope: text("scope").notNull().default(""),
    thresholdMinor: bigint("threshold_minor", { mode: "bigint" }).notNull(),
    /** What was available when the threshold was crossed; null when the provider reported no balance. */
    availableMinor: bigint("available_minor", { mode: "bigint" }),
    crossedAt: timestamp("crossed_at", { withTimezone: true }).notNull().defaultNow(),
    recoveredAt: timestamp("recovered_at", { withTimezone: true }),
  },
  (table) => [uniqueIndex("low_balance_alerts_open_unique").on(table.providerAccountId, table.currency, table.scope).where(sql`${table.recoveredAt} is null`)],
);
