import type { Db, Tx } from "@/db/client";
import { listClosedCardsToRecheck, listSyncableCards, type CardRow } from "@/db/queries/card-updates";
import { clearSyncError, recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { findWalkCheckpoint, keepWalkCheckpoint, saveWalkCheckpoints, type WalkPosition } from "@/db/queries/sync-walks";
import { renewTransactionSync, SyncLeaseLostError, type PageWalk } from "@/db/queries/transactions-sync";
import { CLOSED_CARD_REFUND_WINDOW_DAYS } from "@/lib/cards/closed-card-reads";
import { loggableError } from "@/lib/jobs/loggable-error";
import { syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import type { ProviderName } from "@/lib/providers/types";
import { DEEP_EVERY_MS, deepReadFrom } from "@/lib/statements/deep-read";
import { CardReadFailures } from "./card-read-failures";
import { perCardReadOrder } from "./per-card-order";
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
 * again changes nothing that is already right. NobePay lists one card at a time, with no date filter and in no stated
 * order: its re-read reads each card's whole list again, writing the rows since deepReadFrom (rereadCardByCard), since
 * its per-card reads, the backstop for webhooks that never came, start 2 days before the newest row as the other sweeps
 * do and stop at the first page older than that start (sync-pages.ts pullPerCard): a refund listed past it, as the
 * document's example lists refunds, is stored by this re-read, within a day.
 */
export const TRANSACTIONS_DEEP_SYNC = "transactions.deep";
/** Checkpoint of the re-read (kind "walk:transactions-deep"): when the last one began, and where one under way stands. */
export const DEEP_LISTING = "transactions-deep";
/** The re-read's share of one run; the rest waits for the next run. */
export const DEEP_PAGES_PER_RUN = 100;

/**
 * Where a re-read stands: when it began, its first and last days, and its place in the provider's list. NobePay: the
 * cards are read in provider-id order, this one and all before it done (`cardsDoneThrough`), one walk under way
 * (`cardWalk`), and how many cards' reads failed (`cardsFailed`: the re-read then ends without counting as a success).
 */
type DeepPosition = WalkPosition & {
  from: string;
  to: string;
  window?: CursorPosition;
  walk?: PageWalk;
  cardsDoneThrough?: string;
  cardWalk?: { providerCardId: string; walk: PageWalk };
  cardsFailed?: number;
};

/** Saves where the re-read stands in a page's transaction: `next`, or null once it is over. */
type SaveDeep = (tx: Tx, next: DeepPosition | null) => Promise<void>;

/** Reads on from `position`, saving each step; true once the re-read is over with everything read (a success). */
type Reader = (context: SyncContext, position: DeepPosition, maxPages: number, save: SaveDeep) => Promise<boolean>;

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
  nobepay: (context, position, maxPages, save) => rereadCardByCard(context, position, maxPages, save),
};

/** Closed cards a NobePay re-read reads at most, the most recently closed. */
const MAX_CLOSED_CARDS_REREAD = 1000;

/**
 * The cards a NobePay re-read reads, in provider-id order: those the sweep reads (lib/transactions/sync-pages.ts): open
 * ones, and closed ones still in their refund window, whatever their last read; not those the provider no longer knows.
 */
async function cardsToReread(db: Db, providerAccountId: string, now: Date): Promise<CardRow[]> {
  const closed = await listClosedCardsToRecheck(db, {
    providerAccountId,
    closedSince: new Date(now.getTime() - CLOSED_CARD_REFUND_WINDOW_DAYS * 86_400_000),
    limit: MAX_CLOSED_CARDS_REREAD,
  });
  return perCardReadOrder([...(await listSyncableCards(db, { providerAccountId })), ...closed]);
}

/**
 * NobePay's re-read: each card's whole list, card after card, going on where it stopped in the next run; only rows since
 * the re-read's first day are written. Its end is never inferred from the rows' times: nobepay.md states no order, and
 * its example lists a refund newer than every other row after all of them. A card whose read fails is named in the
 * re-read's status and skipped, as the sweep skips it (CardReadFailures: a failure that is not the card's ends the run's share instead); the re-read then
 * goes on with the other cards, and counts as a success only once one reads every card.
 */
async function rereadCardByCard(context: SyncContext, position: DeepPosition, maxPages: number, save: SaveDeep): Promise<boolean> {
  const { db, account, options, summary } = context;
  const now = options.now ?? new Date();
  const failures = new CardReadFailures(account.label);
  const pagesBefore = summary.pages;
  let current = position;
  for (const card of await cardsToReread(db, account.id, now)) {
    const id = card.providerCardId!;
    if (current.cardsDoneThrough !== undefined && id <= current.cardsDoneThrough) continue;
    const pagesLeft = maxPages - (summary.pages - pagesBefore);
    if (pagesLeft <= 0) return false;
    try {
      const done = await walkPages(context, {
        query: { cardId: id },
        resume: current.cardWalk?.providerCardId === id ? current.cardWalk.walk : undefined,
        maxPages: pagesLeft,
        since: new Date(`${position.from}T00:00:00Z`),
        save: async (tx, walk) => {
          const next = walk
            ? { ...current, cardWalk: { providerCardId: id, walk } }
            : { ...current, cardWalk: undefined, cardsDoneThrough: id };
          await save(tx, next);
          current = next;
        },
      });
      failures.read();
      if (!done) return false;
    } catch (error) {
      const failure = failures.charge(error, { alias: card.alias, providerCardId: id });
      const next = { ...current, cardWalk: undefined, cardsDoneThrough: id, cardsFailed: (current.cardsFailed ?? 0) + 1 };
      await db.transaction(async (tx) => {
        await save(tx, next);
        await recordSyncFailure(tx, { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC, at: now, message: failure });
      });
      current = next;
    }
  }
  await db.transaction((tx) => save(tx, null));
  return !current.cardsFailed;
}

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
  const save: SaveDeep = async (tx, next) => {
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
