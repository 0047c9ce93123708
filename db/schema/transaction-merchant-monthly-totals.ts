import { sql } from "drizzle-orm";
import { bigint, date, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * Spend per merchant, UTC calendar month and currency, so the overview's top merchants read one row per merchant and
 * month instead of every transaction of the months (seconds at ten million rows). Kept exact by statement-level
 * triggers on transactions (the transaction_merchant_monthly_totals_sync migration) in the same database transaction
 * as each write; a row that moves merchant, month, status or amount moves its contribution. `merchant` is the name as
 * the overview shows it (trimmed; "Unknown merchant" when blank). `spent` follows the totals' spend rule (bigint minor
 * units of `currency`); `purchases` counts the approved purchases (rows of type "purchase", migration 0053).
 */
export const transactionMerchantMonthlyTotals = pgTable(
  "transaction_merchant_monthly_totals",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The first day of the UTC month. */
    month: date("month", { mode: "string" }).notNull(),
    currency: text("currency").notNull(),
    merchant: text("merchant").notNull(),
    spent: bigint("spent", { mode: "bigint" }).notNull().default(sql`0`),
    purchases: bigint("purchases", { mode: "bigint" }).notNull().default(sql`0`),
  },
  // Organisation first, then month: a run of months is one range of this key.
  (table) => [primaryKey({ name: "transaction_merchant_monthly_totals_pk", columns: [table.organizationId, table.month, table.currency, table.merchant] })],
);
