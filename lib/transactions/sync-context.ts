import type { Db } from "@/db/client";
import { oldestOpenAuthorisation } from "@/db/queries/transactions-ingest";
import type { SyncLease } from "@/db/queries/transactions-sync";
import type { CardProvider } from "@/lib/providers/interface";
import type { SkippedTransaction } from "@/lib/providers/types";
import type { IngestAccount } from "./ingest";
import { openAuthorisationHorizon, sweepStart } from "./sync-window";

export const PAGE_SIZE = 100;
export const MAX_PAGES_PER_RUN = 200;

/** `skipped`: rows the provider listed that could not be read and were not stored (see noteSkipped). */
export type TransactionSyncSummary = { inserted: number; updated: number; linked: number; pages: number; skipped: number };

export type SyncOptions = {
  now?: Date;
  pageSize?: number;
  /** Tests pass an adapter of their own (to crash it mid-sweep); otherwise the account's adapter. */
  provider?: CardProvider;
  /** Called inside each page's database transaction, after its rows are written and before its cursor is saved. */
  afterPageWritten?: (page: { number: number; cursor: string | undefined }) => void | Promise<void>;
};

export type SyncContext = {
  db: Db;
  account: IngestAccount;
  provider: CardProvider;
  options: SyncOptions;
  summary: TransactionSyncSummary;
  lease: SyncLease;
  /** The rows of this run left out unread, for the account's sync status (skippedRowsMessage). */
  skipped: SkippedTransaction[];
};

/**
 * MONEY: a row the adapter could not read (an amount finer than its currency, one in no known currency) is not stored,
 * so the ledger lacks it: counted on the run, logged with the provider's transaction id (never card data) and kept for
 * the account's sync status, so finance sees that the ledger is missing something.
 */
export function noteSkipped(context: SyncContext, rows: readonly SkippedTransaction[] | undefined): void {
  for (const row of rows ?? []) {
    context.summary.skipped += 1;
    context.skipped.push(row);
    console.warn(`[transactions] account ${context.account.id}: left out transaction ${row.providerTransactionId ?? "(no id)"}: ${row.reason}`);
  }
}

const SKIPPED_NAMED = 3;

/** What the account's sync status says about the run's skipped rows: how many, and which (the first few). */
export function skippedRowsMessage(rows: readonly SkippedTransaction[]): string {
  const named = rows.slice(0, SKIPPED_NAMED).map((row) => `transaction ${row.providerTransactionId ?? "(no id)"}: ${row.reason.replace(/[.\s]+$/, "")}`);
  const more = rows.length > SKIPPED_NAMED ? `; and ${rows.length - SKIPPED_NAMED} more` : "";
  const count = rows.length === 1 ? "1 transaction the provider listed could not be read and was not stored" : `${rows.length} transactions the provider listed could not be read and were not stored`;
  return `${count} (${named.join("; ")}${more}).`;
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
