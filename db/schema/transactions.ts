import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cards } from "./cards";
import { descending } from "./index-order";
import { organizations } from "./organizations";
import { providerAccounts } from "./provider-accounts";

export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    providerTransactionId: text("provider_transaction_id").notNull(),
    cardId: uuid("card_id").references(() => cards.id),
    type: text("type").notNull(),
    status: text("status").notNull(),
    amount: bigint("amount", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    merchantAmount: bigint("merchant_amount", { mode: "bigint" }),
    merchantCurrency: text("merchant_currency"),
    merchantName: text("merchant_name"),
    merchantCountry: text("merchant_country"),
    declineReason: text("decline_reason"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("transactions_provider_unique").on(table.providerAccountId, table.providerTransactionId),
    index("transactions_org_time_idx").on(table.organizationId, descending(table.occurredAt), descending(table.id)),
    index("transactions_card_time_idx").on(table.cardId, descending(table.occurredAt), descending(table.id)),
    index("transactions_status_idx").on(table.organizationId, table.status, descending(table.occurredAt), descending(table.id)),
    // Issue 17: merchant text by trigram, amount ranges by their own index.
    index("transactions_merchant_trgm_idx").using("gin", sql`${table.merchantName} gin_trgm_ops`),
    index("transactions_org_amount_idx").on(table.organizationId, table.amount),
  ],
);
