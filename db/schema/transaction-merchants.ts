import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * Every merchant name an organisation's transactions have carried: a few thousand names for millions of rows. The
 * transactions list's merchant text searches these names (their trigram index) and then reads each matching name's
 * rows in list order from transactions_org_merchant_time_idx, instead of merging a trigram index over every row. Kept
 * by triggers on transactions (the transaction_merchants_sync migration), so no write path can forget it; a name
 * stays listed once it has been used.
 */
export const transactionMerchants = pgTable(
  "transaction_merchants",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    merchantName: text("merchant_name").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.merchantName] }),
    index("transaction_merchants_name_trgm_idx").using("gin", sql`${table.merchantName} gin_trgm_ops`),
  ],
);
