import type { UnreadRowsOfAccount } from "@/db/queries/transaction-rows-unread";

/** How many open entries the sync status names (the rest are counted). */
export const UNREAD_NAMED = 3;

/** Where an account's entries are listed, and dismissed by finance or an administrator (app/(dashboard)/funding/unread). */
export const unreadReviewPath = (accountId: string) => `/funding/unread?account=${encodeURIComponent(accountId)}`;

/**
 * What an account's sync status says while transaction_rows_unread holds open entries for it: how many transactions
 * the ledger lacks, and which (the first few, with the adapter's reason). Null when none are open.
 */
export function unreadTransactionsMessage(unread: UnreadRowsOfAccount | undefined): string | null {
  if (!unread || unread.count === 0) return null;
  const headline =
    unread.count === 1
      ? "1 provider transaction could not be read and is not in Cardhub"
      : `${unread.count.toLocaleString("en-US")} provider transactions could not be read and are not in Cardhub`;
  const named = unread.first
    .slice(0, UNREAD_NAMED)
    .map((row) => `${row.providerTransactionId ? `transaction ${row.providerTransactionId}` : "a transaction without an id"}: ${row.reason.replace(/[.\s]+$/, "")}`);
  const more = unread.count > named.length ? `; and ${(unread.count - named.length).toLocaleString("en-US")} more` : "";
  return named.length > 0 ? `${headline} (${named.join("; ")}${more}).` : `${headline}.`;
}
