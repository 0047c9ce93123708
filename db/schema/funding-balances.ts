import { bigint, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { providerAccounts } from "./provider-accounts";

export const fundingBalances = pgTable(
  "funding_balances",
  {
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    // "" for the account-wide balance; a BIN id where the provider funds per BIN (NobePay).
    scope: text("scope").notNull().default(""),
    currency: text("currency").notNull(),
    available: bigint("available", { mode: "bigint" }).notNull(),
    frozen: bigint("frozen", { mode: "bigint" }).notNull().default(sql`0`),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.providerAccountId, table.scope, table.currency] })],
);
