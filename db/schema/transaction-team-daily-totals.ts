import { sql } from "drizzle-orm";
import { bigint, date, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";
import { teams } from "./teams";
import type { LedgerStatus } from "./transactions";

/**
 * transaction_daily_totals per team: the totals of the transactions with a team, rolled up per team, UTC day,
 * currency, status and provider account, so a manager's (or a team filter's) totals read a few rows per day instead
 * of every row of the team. Kept exact by statement-level triggers on transactions (the
 * transaction_team_daily_totals_sync migration) in the same database transaction as each write; a row that moves team,
 * day, status or amount moves its contribution. Amounts are bigint minor units of `currency`, with the same rules as
 * transaction_daily_totals.
 */
export const transactionTeamDailyTotals = pgTable(
  "transaction_team_daily_totals",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    day: date("day", { mode: "string" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status").$type<LedgerStatus>().notNull(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    spent: bigint("spent", { mode: "bigint" }).notNull().default(sql`0`),
    refunded: bigint("refunded", { mode: "bigint" }).notNull().default(sql`0`),
    count: bigint("count", { mode: "bigint" }).notNull().default(sql`0`),
  },
  // Organisation, team, then day: one team's date range is one range of this key.
  (table) => [
    primaryKey({
      name: "transaction_team_daily_totals_pk",
      columns: [table.organizationId, table.teamId, table.day, table.currency, table.status, table.providerAccountId],
    }),
  ],
);
