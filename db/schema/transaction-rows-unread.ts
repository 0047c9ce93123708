import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { descending } from "./index-order";
import { providerAccounts } from "./provider-accounts";
import { users } from "./users";

/**
 * MONEY: rows a provider's transaction list holds that the sync could not read exactly (an amount finer than its
 * currency, one in no known currency), so the ledger lacks them. Kept until a later read stores a transaction with the
 * same provider id (resolved_at), so the account's sync status goes on saying the ledger is short however many sweeps
 * pass (a sweep starts shortly before the last one's newest row and would never list an old row again).
 *
 * One row per account and provider transaction id. A row that gave no id is keyed by its reason instead
 * (reason_key = sha256 of the reason, never of the row's fields, which may hold card data): id-less rows of one account
 * with the same reason are one entry, and such an entry never resolves by itself, since no stored transaction can be
 * matched to it (the ledger keys every row by its provider id, so it can never hold one).
 *
 * A person (finance, admin) may dismiss an open entry the provider will never fix, with a reason: it then no longer
 * counts as missing, and stays listed as dismissed (who, when, why) while the ledger lacks it. The same failure read
 * again keeps it dismissed; a failure for another reason lifts the dismissal, which was about the earlier one
 * (recordUnreadTransactionRows). "Open" is: not resolved and not dismissed.
 */
export const transactionRowsUnread = pgTable(
  "transaction_rows_unread",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerAccountId: uuid("provider_account_id")
      .notNull()
      .references(() => providerAccounts.id),
    /** NULL when the provider gave the row no id. */
    providerTransactionId: text("provider_transaction_id"),
    /** sha256 (hex) of `reason`: the key of an id-less row. */
    reasonKey: text("reason_key").notNull(),
    /** The adapter's own words (SkippedTransaction.reason), with anything like a card number masked. */
    reason: text("reason").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** When a read stored a transaction with this provider id; NULL while the ledger still lacks it. */
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /**
     * When it last became open: first seen, or failing again after it was resolved, or for a new reason (dismissed or
     * not). A dismissal covers an entry only while it equals the one the person's list showed (lib/provider-accounts/dismiss-unread.ts).
     */
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    /** A person's acknowledgement that the ledger goes without it; NULL while it counts as missing. */
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }),
    dismissedByUserId: uuid("dismissed_by_user_id").references(() => users.id),
    dismissalReason: text("dismissal_reason"),
  },
  (table) => [
    uniqueIndex("transaction_rows_unread_transaction_unique")
      .on(table.providerAccountId, table.providerTransactionId)
      .where(sql`${table.providerTransactionId} is not null`),
    uniqueIndex("transaction_rows_unread_no_id_unique")
      .on(table.providerAccountId, table.reasonKey)
      .where(sql`${table.providerTransactionId} is null`),
    // The open entries of an account, oldest first: ORDER BY first_seen_at, id (db/queries/transaction-rows-unread.ts).
    index("transaction_rows_unread_open_idx")
      .on(table.providerAccountId, table.firstSeenAt, table.id)
      .where(sql`${table.resolvedAt} is null and ${table.dismissedAt} is null`),
    // The dismissed entries the ledger still lacks, latest dismissal first: ORDER BY dismissed_at DESC, id DESC
    // (db/queries/transaction-rows-unread-review.ts).
    index("transaction_rows_unread_dismissed_idx")
      .on(table.providerAccountId, descending(table.dismissedAt), descending(table.id))
      .where(sql`${table.resolvedAt} is null and ${table.dismissedAt} is not null`),
    check(
      "transaction_rows_unread_dismissal_complete",
      sql`(${table.dismissedAt} is null) = (${table.dismissedByUserId} is null) and (${table.dismissedAt} is null) = (${table.dismissalReason} is null)`,
    ),
  ],
);
