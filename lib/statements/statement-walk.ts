import type { WalkPosition } from "@/db/queries/sync-walks";
import { isProviderError } from "@/lib/providers";
import type { ProviderErrorCode } from "@/lib/providers/errors";
import type { AccountLog, Page, TransactionQuery } from "@/lib/providers/types";

/**
 * A walk's position, with the upper date bound (YYYY-MM-DD, inclusive) of the date window it is in, where the provider's
 * listing is read in windows (absent: the newest window, open at the top). Stored in the walk's checkpoint (jsonb).
 */
export type LedgerPosition = WalkPosition & { to?: string };

export type WalkLimits = {
  /** Pages one run reads of one listing, so a provider that keeps answering "more" cannot hold a worker forever. */
  maxPages: number;
  pageSize: number;
};

/** One run's read of a listing: its lines (newest first), and where the walk goes on next run (null: it reached the end). */
export type WalkStep = { logs: AccountLog[]; next: LedgerPosition | null; error?: unknown; pages?: number };

/**
 * Reads a listing from `position` until its end or `limits.maxPages` pages; a failure returns what was read before it.
 * A walk cut short goes on from the last page it read, read again. Lines come in on top and only push older ones
 * further down, so nothing is skipped, whatever the order within the listing. (Going on below the oldest time reached,
 * through a date filter, would skip lines wherever a listing is not strictly newest first: the sandbox lists Cardepass
 * account logs in the order they were written, and the documents promise no order.)
 */
export async function walkListing(read: (query: TransactionQuery) => Promise<Page<AccountLog>>, position: LedgerPosition, limits: WalkLimits): Promise<WalkStep> {
  const logs: AccountLog[] = [];
  // A line written during the walk pushes the others one place down, so the last line of one page comes again at the
  // top of the next (the listings page by offset or page number, never by a stable cursor). Each line is kept once:
  // the same id twice in one write is refused by PostgreSQL and would fail the whole account's run.
  const seen = new Set<string>();
  let cursor = position.cursor;
  let lastRead = position.cursor;
  const resume = (): LedgerPosition => ({ ...position, cursor: lastRead });
  // Reading the last page again costs a page, so a run reads at least two to move forward.
  const maxPages = Math.max(2, limits.maxPages);
  let pages = 0;
  try {
    for (let page = 0; page < maxPages; page += 1) {
      const result = await read({ from: position.from, ...(position.to ? { to: position.to } : {}), cursor, pageSize: limits.pageSize });
      lastRead = cursor;
      pages = page + 1;
      for (const log of result.items) {
        if (seen.has(log.providerLogId)) continue;
        seen.add(log.providerLogId);
        logs.push(log);
      }
      if (!result.nextCursor || result.nextCursor === cursor) return { logs, next: null, pages };
      // Newest first: a page the lower bound left empty means every line after it is older still.
      if (position.from && result.items.length === 0) return { logs, next: null, pages };
      cursor = result.nextCursor;
    }
    return { logs, next: resume(), pages };
  } catch (error) {
    return { logs, next: resume(), error, pages };
  }
}

/**
 * How a provider's ledger may be asked by date. `windowDays`: the longest date range one query may span (both bounds
 * sent), so a walk goes back window by window, newest first; null: the provider takes no date range (NobePay's
 * card/order/list pages the whole history), and the walk pages from the newest line down to its lower bound.
 */
export type LedgerDates = { windowDays: number; historyDays: number } | null;

/** Answers to the "anything older?" question after which the walk goes on window by window instead of stopping. */
const PROBE_REFUSALS: readonly ProviderErrorCode[] = ["invalid_request", "unsupported", "unknown"];
const DAY_MS = 86_400_000;
const day = (date: string, plus: number) => new Date(Date.parse(`${date}T00:00:00Z`) + plus * DAY_MS).toISOString().slice(0, 10);

/**
 * Reads a ledger from `position` down to its lower bound (`position.from`; absent: the beginning of its history), in
 * date windows where the provider limits the range of one query, until the end or `limits.maxPages` pages in all.
 * Without a lower bound, the walk stops at the first empty window below which the provider lists nothing at all (one
 * line asked for, from `historyDays` back to the window), or, where the provider refuses such a question, `historyDays`
 * back.
 */
export async function walkLedger(read: (query: TransactionQuery) => Promise<Page<AccountLog>>, start: LedgerPosition, limits: WalkLimits, dates: LedgerDates): Promise<WalkStep> {
  if (!dates) return walkListing(read, start, limits);
  const logs: AccountLog[] = [];
  // A walk stopped before windows were asked for (a cursor into the undated listing) starts again from the top.
  let position: LedgerPosition = start.cursor && !start.to ? { startedAt: start.startedAt, ...(start.from ? { from: start.from } : {}) } : start;
  const allowed = Math.max(2, limits.maxPages);
  let used = 0;
  const end = (next: LedgerPosition | null, error?: unknown): WalkStep => ({ logs, next, ...(error !== undefined ? { error } : {}), pages: used });
  const today = start.startedAt.slice(0, 10);
  const horizon = day(today, -dates.historyDays);
  for (;;) {
    // Both dates are sent (cardepass-v1.md marks them required). The newest window ends tomorrow: the provider dates
    // lines in its own time zone (+08:00), where it may already be tomorrow.
    const top = position.to ?? day(today, 1);
    const bottom = day(top, -(dates.windowDays - 1));
    const lower = position.from && position.from > bottom ? position.from : bottom;
    const step = await walkListing(read, { ...position, from: lower, to: top }, { ...limits, maxPages: allowed - used });
    logs.push(...step.logs);
    used += step.pages ?? 0;
    // Where it stopped (a failure or the page cap), it goes on next run in the same window.
    if (step.next) return end({ ...step.next, from: position.from }, step.error);
    if (step.error !== undefined) return end(position, step.error);
    if (position.from ? lower <= position.from : lower <= horizon) return end(null);
    const below = day(lower, -1);
    if (!position.from && step.logs.length === 0) {
      used += 1;
      let older: Page<AccountLog> | null = null;
      try {
        // Both dates again (cardepass-v1.md: TransactionDateFrom "是", required), from the horizon: one line asked for.
        older = await read({ from: horizon, to: below, pageSize: 1 });
      } catch (error) {
        // A provider that will not answer this question (a range longer than it takes, or an answer the adapter cannot
        // read) is read window by window down to the horizon instead. One that cannot be reached ends the run here.
        if (!isProviderError(error) || !PROBE_REFUSALS.includes(error.code)) return end(position, error);
      }
      if (older && older.items.length === 0 && !older.total) return end(null);
    }
    position = { startedAt: position.startedAt, ...(position.from ? { from: position.from } : {}), to: below };
    if (allowed - used < 2) return end(position);
  }
}
