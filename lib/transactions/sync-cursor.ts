import type { Tx } from "@/db/client";
import { PAGE_SIZE, writePage, type SyncContext } from "./sync-context";
import { addDays, windowFrom } from "./sync-window";

/** Where a cursor walk stands: the date window being walked (at most 3 months) and the provider's cursor in it. */
export type CursorPosition = { windowFrom: string; windowTo: string; cursor?: string };

/**
 * Walks date windows newest-first by the provider's cursor (Cardepass), from `start` through the window that ends on
 * `today`, for at most `maxPages` pages. Each page's rows and where the walk stands after it are written in one
 * transaction (`save`: the next position, or null once the walk is over), so a crash mid-page loses nothing and
 * duplicates nothing: the next run asks for the same page. True once the walk is over.
 */
export async function walkCursor(
  context: SyncContext,
  start: CursorPosition,
  params: { today: string; maxPages: number; save: (tx: Tx, next: CursorPosition | null, latestAt: Date | null) => Promise<void> },
): Promise<boolean> {
  const { db, provider, options } = context;
  let position = start;
  for (let page = 1; page <= params.maxPages; page += 1) {
    const readAt = new Date();
    const result = await provider.listTransactions({
      from: position.windowFrom,
      to: position.windowTo,
      cursor: position.cursor,
      pageSize: options.pageSize ?? PAGE_SIZE,
    });
    const next: CursorPosition | null = result.nextCursor
      ? { ...position, cursor: result.nextCursor }
      : position.windowTo < params.today
        ? windowFrom(addDays(position.windowTo, 1), params.today)
        : null;
    await db.transaction(async (tx) => {
      const latestAt = await writePage(tx, context, result, readAt);
      await options.afterPageWritten?.({ number: page, cursor: position.cursor });
      await params.save(tx, next, latestAt);
    });
    if (!next) return true;
    position = next;
  }
  return false;
}
