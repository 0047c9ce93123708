import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cards } from "./cards";
import { providerAccounts } from "./provider-accounts";

/** Which of the provider's ledgers a line came from: the funding account's, or one card's. */
export type StatementSource = "account" | "card";

/** One fee item as the provider lists it, amount in minor units (a string: JSON has no bigint). */
export type StatementFeeItem = { type: string; amount: string; currency: string };

/**
 * Provider statement lines (Cardepass accountLogs and cardAccountLogs, NobePay card/order/list), stored as the
 * provider states them, each amount signed for the balance its source names (the funding account's, or the card's
 * own); every fee item is kept, and the running balances after the line where the provider gives them.
 *
 * MONEY: `currency` is the line's (amount and the running balances). The fee and the total carry their own currency
 * (cardepass-v1.md cardAccountLogs: totalFee.currency 总手续费币种, totalAmount.currency 总金额币种 beside
 * transAmount.currency 交易币种), so neither is ever read as minor units of the line's currency.
 */
export const providerStatements = pgTable(
  "provider_statements",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    source: text("source").$type<StatementSource>().notNull(),
    providerLogId: text("provider_log_id").notNull(),
    cardId: uuid("card_id").references(() => cards.id),
    providerCardId: text("provider_card_id"),
    providerOrderId: text("provider_order_id"),
    type: text("type").notNull(),
    direction: text("direction").$type<"in" | "out">(),
    currency: text("currency").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    fee: bigint("fee", { mode: "bigint" }),
    feeCurrency: text("fee_currency"),
    feeItems: jsonb("fee_items").$type<StatementFeeItem[]>().notNull().default([]),
    total: bigint("total", { mode: "bigint" }),
    totalCurrency: text("total_currency"),
    availableAfter: bigint("available_after", { mode: "bigint" }),
    blockedAfter: bigint("blocked_after", { mode: "bigint" }),
    status: text("status"),
    note: text("note"),
    // The provider's transaction time; when it states none, the completion time, else when the line was first read.
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("provider_statements_log_unique").on(table.providerAccountId, table.source, table.providerLogId),
    // Lists read "newest first" per account or per card: ORDER BY occurred_at DESC, id DESC (SQL's DESC is NULLS FIRST).
    index("provider_statements_account_time_idx").on(table.providerAccountId, table.occurredAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    // A card's statement reads one ledger at a time: its own lines, or the funding account's lines that name it.
    index("provider_statements_card_source_time_idx").on(table.cardId, table.source, table.occurredAt.desc().nullsFirst(), table.id.desc().nullsFirst()),
    // The account's lines that name a card or an order but no Cardhub card yet, which each statements read links to
    // the card once Cardhub holds it (db/queries/statements.ts, linkStatementCards), without walking the linked ones.
    index("provider_statements_unlinked_idx")
      .on(table.providerAccountId)
      .where(sql`${table.cardId} is null and (${table.providerCardId} is not null or ${table.providerOrderId} is not null)`),
    check("provider_statements_fee_currency_given", sql`(${table.fee} is null) = (${table.feeCurrency} is null)`),
    check("provider_statements_total_currency_given", sql`(${table.total} is null) = (${table.totalCurrency} is null)`),
  ],
);
