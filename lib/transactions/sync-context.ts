import type { Db } from "@/db/client";
import { oldestOpenAuthorisation } from "@/db/queries/transactions-ingest";
import type { SyncLease } from "@/db/queries/transactions-sync";
import type { CardProvider } from "@/lib/providers/interface";
import type { IngestAccount } from "./ingest";
import { openAuthorisationHorizon, sweepStart } from "./sync-window";

export const PAGE_SIZE = 100;
export const MAX_PAGES_PER_RUN = 200;

export type TransactionSyncSummary = { inserted: number; updated: number; linked: number; pages: number };

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
};

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
