import type { Db, Tx } from "@/db/client";
import { recordUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { lockAccountLedger, oldestOpenAuthorisation } from "@/db/queries/transactions-ingest";
import type { SyncLease } from "@/db/queries/transactions-sync";
import type { CardProvider } from "@/lib/providers/interface";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import type { SkippedTransaction, Transaction } from "@/lib/providers/types";
import { ingestTransactions, type IngestAccount } from "./ingest";
import { stripCardData } from "./strip-card-data";
import { openAuthorisationHorizon, sweepStart } from "./sync-window";

export const PAGE_SIZE = 100;
export const MAX_PAGES_PER_RUN = 200;

/**
 * `skipped`: rows the provider listed that could not be read and were not stored (see recordSkipped). `movedCardIds`:
 * the cards a stored row moved money on (IngestSummary), for the job to have read again.
 */
export type TransactionSyncSummary = { inserted: number; updated: number; linked: number; pages: number; skipped: number; movedCardIds: Set<string> };

export type SyncOptions = {
  now?: Date;
  pageSize?: number;
  /** Tests pass an adapter of their own (to crash it mid-sweep); otherwise the account's adapter. */
  provider?: CardProvider;
  /** Pages the daily re-read of the last 90 days may read in one run (deep-reread.ts); lower only in tests. */
  deepPages?: number;
  /** Called inside each page's database transaction, after its rows are written and before its cursor is saved. */
  afterPageWritten?: (page: { number: number; cursor: string | undefined }) => void | Promise<void>;
};

export type SyncContext = {
  db: Db;
  account: IngestAccount & { label: string };
  provider: CardProvider;
  options: SyncOptions;
  summary: TransactionSyncSummary;
  lease: SyncLease;
};

/**
 * MONEY: a row the adapter could not read (an amount finer than its currency, one in no known currency) is not stored,
 * so the ledger lacks it. In the transaction of the page it came with, it is counted on the run, logged with the
 * provider's transaction id (never card data) and kept in transaction_rows_unread until a later read stores it: the
 * account's sync status lists it for as long as it stays open, whatever later sweeps do (they would not re-read it).
 * The first time a row is recorded as missing, the sync job writes an audit row; so it does when a dismissed row fails
 * for another reason, which lifts the dismissal (auditFirstRecorded, after the page's rows: writePage). Returns those
 * recorded as missing for the first time.
 */
async function storeSkipped(tx: Tx, context: Pick<SyncContext, "account" | "options" | "summary">, rows: readonly SkippedTransaction[] | undefined): Promise<FirstRecorded[]> {
  if (!rows || rows.length === 0) return [];
  const { account } = context;
  const unread = rows.map((row) => ({ providerTransactionId: row.providerTransactionId, reason: readableReason(row.reason) }));
  for (const row of unread) {
    context.summary.skipped += 1;
    console.warn(`[transactions] account ${account.id}: left out transaction ${row.providerTransactionId ?? "(no id)"}: ${row.reason}`);
  }
  return recordUnreadTransactionRows(tx, { providerAccountId: account.id, rows: unread, at: context.options.now ?? new Date() });
}

type FirstRecorded = Awaited<ReturnType<typeof recordUnreadTransactionRows>>[number];

/** The audit rows of unreadable rows recorded as missing for the first time (storeSkipped). */
async function auditFirstRecorded(tx: Tx, account: SyncContext["account"], firstRecorded: readonly FirstRecorded[]): Promise<void> {
  if (firstRecorded.length === 0) return;
  const audit = await workerAuditContext(tx, null, account.organizationId);
  for (const row of firstRecorded)
    await record(tx, audit, {
      action: "transaction.unreadable",
      targetType: "provider_account",
      targetId: account.id,
      summary: { providerAccount: account.label, providerTransactionId: row.providerTransactionId, reason: row.reason, reopened: row.reopened || undefined },
    });
}

/**
 * One page of a list read, written in the page's own transaction and counted on the run: its unreadable rows first (a
 * row of the same page that is stored after all resolves its entry), then its rows, then the audit rows of the
 * unreadable ones, all under the account's ledger lock (lockAccountLedger), taken first. Returns the latest time among
 * them.
 */
export async function writePage(
  tx: Tx,
  context: Pick<SyncContext, "account" | "options" | "summary">,
  page: { items: readonly Transaction[]; skipped?: readonly SkippedTransaction[] },
  readAt: Date,
): Promise<Date | null> {
  await lockAccountLedger(tx, context.account.id);
  const firstRecorded = await storeSkipped(tx, context, page.skipped);
  const ingested = await ingestTransactions(tx, context.account, page.items, readAt, "list");
  // The audit chain last, after the rows this page locks, as every audited change takes it: a memo locks its row, then
  // the chain, and deadlocked with a page that held the chain while it waited for that row.
  await auditFirstRecorded(tx, context.account, firstRecorded);
  context.summary.inserted += ingested.inserted;
  context.summary.updated += ingested.updated;
  for (const cardId of ingested.movedCardIds) context.summary.movedCardIds.add(cardId);
  context.summary.pages += 1;
  return ingested.latestAt;
}

/** The adapter's reason as it may be stored and shown: anything like a card number cut to 6 + 4, and bounded. */
function readableReason(reason: string): string {
  return (stripCardData(reason) as string).slice(0, 500);
}

/** The first date of a new sweep of the account. */
export async function newSweepStart(context: SyncContext, lastSeenAt: Date | null): Promise<string> {
  const now = context.options.now ?? new Date();
  return sweepStart({
    now,
    lastSeenAt,
    oldestOpenAuthorisation: await oldestOpenAuthorisation(context.db, {
      providerAccountId: context.account.id,
      since: openAuthorisationHorizon(now),
    }),
  });
}

/** The later of a saved ISO time and a new one, as ISO. */
export function laterIso(saved: string | undefined, seen: Date | null): string | undefined {
  if (!seen) return saved;
  return saved && new Date(saved) >= seen ? saved : seen.toISOString();
}

/** The later of the last sweep's lastSeenAt and what this sweep saw. */
export function laterDate(previous: Date | null, seenIso: string | undefined): Date | null {
  const seen = seenIso ? new Date(seenIso) : null;
  return seen && (!previous || seen > previous) ? seen : previous;
}
