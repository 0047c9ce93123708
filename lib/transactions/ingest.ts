import type { DbOrTx } from "@/db/client";
import { resolveUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { findCardLinks, findLedgerStatuses, lockAccountLedger, upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { notifyCardholderOfDecline } from "@/lib/notifications/decline-notice";
import type { Transaction } from "@/lib/providers/types";
import { closeReleasedHold } from "./hold-releases";
import { toLedgerRow, type ReportSource } from "./ledger-row";

export type IngestAccount = { id: string; organizationId: string };
export type IngestSummary = {
  inserted: number;
  updated: number;
  latestAt: Date | null;
  /** Cards a stored row newly moved money on (a new row, or a row's status changed, a decline apart): read them again. */
  movedCardIds: Set<string>;
};

/**
 * Writes provider transactions into the ledger, one row per provider transaction id, whatever the order or number
 * of times they arrive. A transaction of a card not known yet is kept with its provider card id and linked later.
 * A row is booked to the holder and team that had its card when it happened (db/queries/card-holdings.ts), so one
 * reported after the card changed hands stays with those it was spent by.
 * A purchase reported declined tells the card's holder (lib/notifications/decline-notice.ts), whether the decline is
 * the first report of it or turns a held authorisation into a decline, unless the row already stands at another
 * final status; the notice's own key keeps a re-delivered decline from notifying twice.
 * A hold the provider lets go is closed as reversed, however the provider tells it (lib/transactions/hold-releases.ts).
 * A read of the provider's list that gives the transaction's authorisation time sets when it happened, in the account's
 * current time zone (upsertLedgerRow).
 * A row an earlier read could not read (transaction_rows_unread) is resolved once the ledger holds it, whichever
 * path (sync or webhook) stores it.
 * Written under the account's ledger lock (lockAccountLedger), which a page's transaction has taken before its other
 * writes (writePage); taking it again there is a no-op.
 */
export async function ingestTransactions(
  db: DbOrTx,
  account: IngestAccount,
  items: readonly Transaction[],
  receivedAt = new Date(),
  source: ReportSource = "webhook",
): Promise<IngestSummary> {
  const summary: IngestSummary = { inserted: 0, updated: 0, latestAt: null, movedCardIds: new Set() };
  if (items.length === 0) return summary;
  await lockAccountLedger(db, account.id);
  const rows = items.map((item) => toLedgerRow(item, receivedAt, source));
  // Each row's card with the holder and team that had it when the row happened, not whoever holds it now.
  const links = await findCardLinks(db, { providerAccountId: account.id, rows });
  // Each row's stored status (absent: not stored yet), kept up to date as the rows are written, so a row listed twice on
  // one page sees its own first write. It says whether the row moves money now, how a released hold is written
  // (closeReleasedHold), and that a decline reported for a row already at another final status corrects the record,
  // no news to its holder.
  const stored = await findLedgerStatuses(db, { providerAccountId: account.id, providerTransactionIds: rows.map((row) => row.providerTransactionId) });
  for (const [index, item] of items.entries()) {
    const stoodAt = stored.get(rows[index]!.providerTransactionId);
    const row = await closeReleasedHold(db, account.id, item, rows[index]!, stoodAt);
    const card = links[index];
    const result = await upsertLedgerRow(
      db,
      {
        ...row,
        organizationId: account.organizationId,
        providerAccountId: account.id,
        cardId: card?.id ?? null,
        ownerUserId: card?.ownerUserId ?? null,
        teamId: card?.teamId ?? null,
      },
      { timeFromProvider: source === "list" && item.authorizedAt !== null },
    );
    stored.set(row.providerTransactionId, result.status);
    if (result.inserted) summary.inserted += 1;
    else summary.updated += 1;
    // MONEY: with a new row (a decline apart) or a row's new status, the card's balance and spent limit at the provider
    // moved; Cardhub's copy is read again (queueReadsOfMovedCards), not left until the periodic card sync.
    const moved = stoodAt === undefined ? result.status !== "declined" : result.status !== stoodAt;
    if (moved && card) summary.movedCardIds.add(card.id);
    // The person the row belongs to (the card's holder when it happened, as first linked), who sees it: not a later
    // holder of the card.
    const news = stoodAt === undefined || stoodAt === "authorised" || stoodAt === "declined";
    if (row.status === "declined" && result.status === "declined" && news && row.direction === "debit" && card && result.ownerUserId) {
      await notifyCardholderOfDecline(db, {
        organizationId: account.organizationId,
        ownerUserId: result.ownerUserId,
        cardId: card.id,
        cardAlias: card.alias,
        merchantName: row.merchantName,
        amount: row.amount,
        currency: row.currency,
        declineReason: row.declineReason,
        occurredAt: row.occurredAt,
        receivedAt,
      });
    }
    if (!summary.latestAt || row.occurredAt > summary.latestAt) summary.latestAt = row.occurredAt;
  }
  await resolveUnreadTransactionRows(db, {
    providerAccountId: account.id,
    providerTransactionIds: items.map((item) => item.providerTransactionId),
    at: new Date(),
  });
  return summary;
}
