import type { Tx } from "@/db/client";
import { clearSyncError, recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { findWalkCheckpoint, keepWalkCheckpoint, saveWalkCheckpoints, type WalkPosition } from "@/db/queries/sync-walks";
import { renewTransactionSync, SyncLeaseLostError, type PageWalk } from "@/db/queries/transactions-sync";
import { loggableError } from "@/lib/jobs/loggable-error";
import { syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import type { ProviderName } from "@/lib/providers/types";
import { DEEP_EVERY_MS, deepReadFrom } from "@/lib/statements/deep-read";
import type { SyncContext } from "./sync-context";
import { walkCursor, type CursorPosition } from "./sync-cursor";
import { walkPages } from "./sync-pages";
import { latestLocalDate, windowFrom } from "./sync-window";

/**
 * The daily re-read of an account's last 90 days, as the statements have it (lib/statements/deep-read.ts: the same
 * days, the same daily rhythm). Each sweep starts 2 days before the newest row it saw, so a row the provider lists late
 * with an older date (an offline or force-posted transaction, a batch delayed over a weekend, rows queued through an
 * outage) would never be asked for, and nothing would say so. Once a day, after a run's sweep is over, the account's
 * list is read again from deepReadFrom to the provider's today, at most DEEP_PAGES_PER_RUN pages a run, going on where
 * it stopped in the next runs (a walk checkpoint, db/queries/sync-walks.ts), so new rows never wait behind it. The rows
 * are written as any read of the list writes them (ingestTransactions): one row per provider transaction, so reading
 * again changes nothing that is already right. Cardepass and Card OPEN-API only: NobePay sends a webhook for every
 * transaction, and its per-card reads are the backstop.
 */
export const TRANSACTIONS_DEEP_SYNC = "transactions.deep";
/** Checkpoint of the re-read (kind "walk:transactions-deep"): when the last one began, and where one under way stands. */
export const DEEP_LISTING = "transactions-deep";
/** The re-read's share of one run; the rest waits for the next run. */
export const DEEP_PAGES_PER_RUN = 100;

/** Where a re-read stands: when it began, its first and last days, and its place in the provider's list. */
type DeepPosition = WalkPosition & { from: string; to: string; window?: CursorPosition; walk?: PageWalk };

type Reader = (context: SyncContext, position: DeepPosition, maxPages: number, save: (tx: Tx, next: DeepPosition | null) => Promise<void>) => Promise<boolean>;

const READERS: Partial<Record<ProviderName, Reader>> = {
  // By the provider's cursor, in windows of at most 3 months (the v2 document's "查询时间范围不建议超过3个月").
  cardepass: (context, position, maxPages, save) =>
    walkCursor(context, position.window ?? windowFrom(position.from, position.to), {
      today: position.to,
      maxPages,
      save: (tx, next) => save(tx, next ? { ...position, window: next } : null),
    }),
  // The trade list by page number, resumed as the sweep resumes it (walkPages).
  cardopenapi: (context, position, maxPages, save) =>
    walkPages(context, {
      query: { from: position.from, to: position.to },
      resume: position.walk,
      maxPages,
      save: (tx, walk) => save(tx, walk ? { ...position, walk } : null),
    }),
};

/**
 * Reads the account's last 90 days again if its last re-read began a day ago or more, or one is under way. Call it once
 * the run's sweep is over. A failure is the re-read's own (the account's "transactions.deep" sync status, worded by
 * syncFailureText), not the sweep's: the next run goes on from where it stopped.
 * `firstSweep`: the sweep that just ended was the account's first, which read it back to the backfill floor: its first
 * re-read is due a day later.
 */
export async function rereadRecentTransactions(context: SyncContext, params: { provider: ProviderName; firstSweep: boolean }): Promise<void> {
  const read = READERS[params.provider];
  if (!read) return;
  const { db, account, options, lease } = context;
  const now = options.now ?? new Date();
  const checkpoint = await findWalkCheckpoint(db, { providerAccountId: account.id, listing: DEEP_LISTING });
  if (!checkpoint && params.firstSweep) {
    await keepWalkCheckpoint(db, { providerAccountId: account.id, checkpoint: { listing: DEEP_LISTING, readUpTo: now, position: null } });
    return;
  }
  const due = !checkpoint?.readUpTo || checkpoint.position !== null || checkpoint.readUpTo.getTime() <= now.getTime() - DEEP_EVERY_MS;
  if (!due) return;
  const position = (checkpoint?.position as DeepPosition | null | undefined) ?? { startedAt: now.toISOString(), from: deepReadFrom(now), to: latestLocalDate(now) };
  const save = async (tx: Tx, next: DeepPosition | null) => {
    await renewTransactionSync(tx, lease);
    const saved = next
      ? { listing: DEEP_LISTING, readUpTo: checkpoint?.readUpTo ?? null, position: next }
      : { listing: DEEP_LISTING, readUpTo: new Date(position.startedAt), position: null };
    await saveWalkCheckpoints(tx, { providerAccountId: account.id, checkpoints: [saved] });
  };
  try {
    if (!(await read(context, position, options.deepPages ?? DEEP_PAGES_PER_RUN, save))) return;
    await db.transaction(async (tx) => {
      // Read again as of when the re-read began; an error it has since got past no longer stands.
      await recordSyncSuccess(tx, { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC, at: new Date(position.startedAt) });
      await clearSyncError(tx, { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    });
  } catch (error) {
    if (error instanceof SyncLeaseLostError) throw error;
    console.warn(`[transactions] re-read of the last 90 days of ${account.label} failed: ${loggableError(error)}`);
    await recordSyncFailure(db, { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC, at: now, message: syncFailureText(error) });
  }
}
