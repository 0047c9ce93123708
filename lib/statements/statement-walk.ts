import type { WalkPosition } from "@/db/queries/sync-walks";
import type { AccountLog, Page, TransactionQuery } from "@/lib/providers/types";

export type WalkLimits = {
  /** Pages one run reads of one listing, so a provider that keeps answering "more" cannot hold a worker forever. */
  maxPages: number;
  pageSize: number;
};

/** One run's read of a listing: its lines (newest first), and where the walk goes on next run (null: it reached the end). */
export type WalkStep = { logs: AccountLog[]; next: WalkPosition | null; error?: unknown };

/**
 * Reads a listing from `position` until its end or `limits.maxPages` pages; a failure returns what was read before it.
 * A walk cut short goes on from the last page it read, read again. Lines come in on top and only push older ones
 * further down, so nothing is skipped, whatever the order within the listing. (Going on below the oldest time reached,
 * through a date filter, would skip lines wherever a listing is not strictly newest first: the sandbox lists Cardepass
 * account logs in the order they were written, and the documents promise no order.)
 */
export async function walkListing(read: (query: TransactionQuery) => Promise<Page<AccountLog>>, position: WalkPosition, limits: WalkLimits): Promise<WalkStep> {
  const logs: AccountLog[] = [];
  // A line written during the walk pushes the others one place down, so the last line of one page comes again at the
  // top of the next (the listings page by offset or page number, never by a stable cursor). Each line is kept once:
  // the same id twice in one write is refused by PostgreSQL and would fail the whole account's run.
  const seen = new Set<string>();
  let cursor = position.cursor;
  let lastRead = position.cursor;
  const resume = (): WalkPosition => ({ ...position, cursor: lastRead });
  // Reading the last page again costs a page, so a run reads at least two to move forward.
  const maxPages = Math.max(2, limits.maxPages);
  try {
    for (let page = 0; page < maxPages; page += 1) {
      const result = await read({ from: position.from, cursor, pageSize: limits.pageSize });
      lastRead = cursor;
      for (const log of result.items) {
        if (seen.has(log.providerLogId)) continue;
        seen.add(log.providerLogId);
        logs.push(log);
      }
      if (!result.nextCursor || result.nextCursor === cursor) return { logs, next: null };
      // Newest first: a page the lower bound left empty means every line after it is older still.
      if (position.from && result.items.length === 0) return { logs, next: null };
      cursor = result.nextCursor;
    }
    return { logs, next: resume() };
  } catch (error) {
    return { logs, next: resume(), error };
  }
}
