import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { providerAccounts } from "./provider-accounts";

/** The latest balance of each funding source of an account, replaced on every successful refresh. */
export const fundingBalances = pgTable(
  "funding_balances",
  {
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    // "" for the account-wide balance; a BIN id where the provider funds per BIN (NobePay).
    scope: text("scope").notNull().default(""),
    currency: text("currency").notNull(),
    label: text("label"),
    // null: the provider reports no balance for this source (a NobePay segment whose accountBalance is null).
    available: bigint("available", { mode: "bigint" }),
    // null: the provider does not report a held amount (only Cardepass v2 and Card OPEN-API do).
    frozen: bigint("frozen", { mode: "bigint" }),
    total: bigint("total", { mode: "bigint" }),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.providerAccountId, table.scope, table.currency] })],
);

/** Every refresh's reading, so the overview can chart how a balance moved. */
export const fundingBalanceHistory = pgTable(
  "funding_balance_history",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    scope: text("scope").notNull(),
    currency: text("currency").notNull(),
    available: bigint("available", { mode: "bigint" }),
    frozen: bigint("frozen", { mode: "bigint" }),
    total: bigint("total", { mode: "bigint" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Read as "this account's readings since T, oldest first": the index walks exactly that order.
  (table) => [index("funding_balance_history_account_time_idx").on(table.providerAccountId, table.recordedAt, table.id)],
);
