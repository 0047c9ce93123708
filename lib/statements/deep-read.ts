import { clearSyncError, findSyncHealth, recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { listWalkCheckpoints, type WalkCheckpoint } from "@/db/queries/sync-walks";
import { formatUtcDate } from "@/lib/format";
import type { LedgerPosition } from "./statement-walk";
import { describeProblems, endsTheRun, readProblem, rowsOf, storeLines, walkOf, type Listing, type Run } from "./sync-statements";

/**
 * The daily deep re-read. The frequent run reads each ledger only from its last read minus a few days, so a line the
 * provider posts late with an older date (a settlement, a refund, an adjustment dated days or weeks back), or lists only
 * later, would never be read. Once a day each ledger is read again over its last DEEP_DAYS days: 90, one Cardepass query
 * window ("查询时间范围不建议超过3个月"), which covers late settlement (days), refunds and chargeback adjustments (weeks).
 * Lines already held are left as they are (upsertStatements changes a stored line only when the provider's changed).
 */
export const DEEP_DAYS = 90;
/** How often each ledger is read deep. */
export const DEEP_EVERY_MS = 86_400_000;
/** provider_sync_status kind of the account's deep re-read: last success = when the oldest of its ledgers' last deep reads began. */
export const STATEMENTS_DEEP_SYNC = "statements.deep";
/** Checkpoint names of the deep walks: "statements-deep:account", "statements-deep:card:<card id>" (kind "walk:…"). */
export const DEEP_LISTINGS = "statements-deep:";

/** "statements:card:<id>" → "statements-deep:card:<id>". */
export function deepListingName(listing: string): string {
  return `${DEEP_LISTINGS}${listing.slice(listing.indexOf(":") + 1)}`;
}

/**
 * The first day a deep re-read started at `at` reads. A walk's newest window ends tomorrow (statement-walk.ts: the
 * provider's day may already be tomorrow), so the DEEP_DAYS days up to tomorrow are one query window. Starting a day
 * further back cost every dated ledger a second, one-day query each day.
 */
export function deepReadFrom(at: Date): string {
  return formatUtcDate(new Date(at.getTime() - (DEEP_DAYS - 2) * 86_400_000));
}

/**
 * Reads again, within `budget.pages` pages, every ledger whose last deep read began a day ago or more (or whose deep
 * walk is under way), from where its deep walk stands. A ledger still on its first read is skipped: that read covers
 * it. Returns the lines read; the account's deep read counts as done once every ledger's is no older than a day.
 */
export async function readDeep(run: Run, listings: Listing[], budget: { pages: number }): Promise<number> {
  const walks = await listWalkCheckpoints(run.db, { providerAccountId: run.accountId, prefix: DEEP_LISTINGS });
  const dueBefore = run.at.getTime() - DEEP_EVERY_MS;
  const isDue = (walk: WalkCheckpoint | undefined) => !walk || walk.position !== null || !walk.readUpTo || walk.readUpTo.getTime() <= dueBefore;
  const from = deepReadFrom(run.at);
  const problems: string[] = [];
  let pages = budget.pages;
  let lines = 0;
  for (const listing of listings) {
    const name = deepListingName(listing.name);
    const walk = walks.get(name);
    if (listing.mark === null || !isDue(walk)) continue;
    if (pages < 2) break;
    const position: LedgerPosition = (walk?.position as LedgerPosition | null | undefined) ?? { startedAt: run.at.toISOString(), from };
    const step = await walkOf(run, listing, position, { ...run.limits, maxPages: Math.min(run.limits.maxPages, pages) });
    pages -= step.pages ?? 0;
    const rows = rowsOf(run, listing, step);
    const save: WalkCheckpoint = step.next
      ? { listing: name, readUpTo: walk?.readUpTo ?? null, position: step.next }
      : { listing: name, readUpTo: new Date(position.startedAt), position: null };
    await storeLines(run, rows, [save]);
    walks.set(name, save);
    lines += rows.length;
    if (step.error !== undefined) {
      problems.push(readProblem(listing, step.error));
      if (endsTheRun(step.error)) break;
    }
  }
  if (problems.length > 0) {
    await recordSyncFailure(run.db, { providerAccountId: run.accountId, kind: STATEMENTS_DEEP_SYNC, at: run.at, message: describeProblems(problems) });
    return lines;
  }
  // Read deep as of the oldest of its ledgers' last deep reads, once every ledger has one within the day.
  const done = listings.map((listing) => walks.get(deepListingName(listing.name)));
  if (done.length === 0 || done.some((walk) => isDue(walk))) return lines;
  const asOf = new Date(Math.min(...done.map((walk) => walk!.readUpTo!.getTime())));
  const health = await findSyncHealth(run.db, { providerAccountId: run.accountId, kind: STATEMENTS_DEEP_SYNC });
  if (health.lastSuccessAt?.getTime() === asOf.getTime()) return lines;
  await run.db.transaction(async (tx) => {
    await recordSyncSuccess(tx, { providerAccountId: run.accountId, kind: STATEMENTS_DEEP_SYNC, at: asOf });
    // The success is dated when its oldest walk began, which may be before a failure it has since got past.
    if (health.lastErrorAt) await clearSyncError(tx, { providerAccountId: run.accountId, kind: STATEMENTS_DEEP_SYNC });
  });
  return lines;
}
