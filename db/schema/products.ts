import { sql } from "drizzle-orm";
import { bigint, check, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { CardModel } from "@/lib/providers/types";
import { providerAccounts } from "./provider-accounts";

/** What an account can issue: a Cardepass product/model, a NobePay BIN segment or a cardopenapi BIN. */
export const products = pgTable(
  "products",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    providerProductId: text("provider_product_id").notNull(),
    /** The provider's own name for the product, replaced on every refresh. */
    name: text("name").notNull(),
    /** The name an administrator gave it in Cardhub (lib/products/product-label.ts); null shows the provider's. Never written by a refresh. */
    displayName: text("display_name"),
    cardModels: text("card_models").array().$type<CardModel[]>().notNull().default([]),
    currencies: text("currencies").array().notNull().default([]),
    minFirstDeposit: bigint("min_first_deposit", { mode: "bigint" }),
    availableBalance: bigint("available_balance", { mode: "bigint" }),
    balanceCurrency: text("balance_currency"),
    fees: jsonb("fees").$type<Record<string, unknown>>().notNull().default({}),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("products_account_product_unique").on(table.providerAccountId, table.providerProductId),
    check("products_display_name_length", sql`char_length(${table.displayName}) between 1 and 80`),
  ],
);
