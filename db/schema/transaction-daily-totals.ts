import { sql } from "drizzle-orm";
import { bigint, date, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import type { LedgerStatus } from "./transactions";

/**
 * The transactions totals rolled up per UTC day, currency, status and provider account, so an organisation's totals
 * read a few rows per day instead of every transaction. Kept exact by statement-level triggers on transactions (the
 * transaction_daily_totals_sync migration): each writing statement adds its new rows and takes off its old ones in
 * the same database transaction, so no ingestion path can forget it and a rollback leaves it untouched.
 * Amounts are bigint minor units of `currency`; spent and refunded follow transactionTotals' rules exactly. The
 * overview's spend chart and decline rate read it too (db/queries/overview-spend.ts).
 */
export const transactionDailyTotals = pgTable(
  "transaction_daily_totals",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    day: date("day", { mode: "string" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status").$type<LedgerStatus>().notNull(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    spent: bigint("spent", { mode: "bigint" }).notNull().default(sql`0`),
    refunded: bigint("refunded", { mode: "bigint" }).notNull().default(sql`0`),
    count: bigint("count", { mode: "bigint" }).notNull().default(sql`0`),
    /** How many of `count` are purchase attempts (type "purchase"), approved or not, for the decline rate (migration 0053). */
    debits: bigint("debits", { mode: "bigint" }).notNull().default(sql`0`),
  },
  // Organisation first, then day: a date range is one range of this key.
  (table) => [primaryKey({ name: "transaction_daily_totals_pk", columns: [table.organizationId, table.day, table.currency, table.status, table.providerAccountId] })],
);
