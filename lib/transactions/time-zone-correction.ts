import type { Db, DbOrTx, Tx } from "@/db/client";
import { findWalkCheckpoint, saveWalkCheckpoints, type WalkPosition } from "@/db/queries/sync-walks";
import {
  lockTimeZoneCorrection,
  timesToMoveQuery,
  writeMovedTimes,
  type MovedTimes,
  type StoredTimes,
  type StoredZones,
} from "@/db/queries/transaction-time-zone-correction";
import { lockAccountLedger } from "@/db/queries/transactions-ingest";
import { renewTransactionSync, type SyncLease } from "@/db/queries/transactions-sync";
import { moveOrderTimesToZone } from "@/lib/orders/order-times-in-zone";
import type { ProviderName } from "@/lib/providers/types";
import { readAgainInZone } from "./read-again-in-zone";

/**
 * A corrected time zone moves every stored time of the account that was read in the old one, however old the row: the
 * daily re-read (deep-reread.ts) reaches only the last 90 days, so older rows kept the instant the wrong zone gave
 * them. The change of the zone (lib/provider-accounts/update-account.ts) records the correction in its own
 * transaction, beside its audit row; the account's transactions pull carries it out before it reads anything more
 * (sync-account.ts), under the pull's lease, in batches of BATCH_ROWS rows in provider transaction id order, each
 * batch one database transaction with its place (a walk checkpoint, db/queries/sync-walks.ts), so it is resumed where
 * a crash or the run's budget stopped it and every step leaves rows and totals agreeing (the rollups' statement
 * triggers move each row's contribution in the batch's own transaction). Millions of rows never wait on one request
 * or lock one organisation's totals for minutes: each batch holds its rows and totals for milliseconds. The account's
 * order completion times read in the zone, and the fee times they dated, are fewer (an order per issue or top-up) and
 * move in the change's own transaction (lib/orders/order-times-in-zone.ts).
 *
 * No double move: the pull reads nothing from the provider while a correction is pending, and a run's adapter, which
 * reads in the zone it was made with, is made before the run looks for one (a run that found none writes in the old
 * zone, and the correction saved meanwhile moves those rows afterwards). Once it is over, every row holds the time a
 * read in the new zone gives (readAgainInZone), which the next re-read confirms.
 */
export const TIME_ZONE_CORRECTION = "time-zone-correction";

/**
 * Providers whose transaction times are wall-clock times read in the account's zone: Card OPEN-API's
 * `YYYY-MM-DD HH:mm:ss` carry no offset (cardopenapi.md). Cardepass's carry `Z` or `+08:00` and NobePay's are epoch
 * milliseconds (provider-docs README): the zone never made their instants, so a correction does not touch them.
 */
const ZONE_READ_PROVIDERS: ReadonlySet<ProviderName> = new Set(["cardopenapi"]);

/** Rows one batch moves: one statement, its rows and its totals locked for milliseconds. */
export const BATCH_ROWS = 1000;
/** How long one pull goes on moving rows before it leaves the rest to the next run (at least one batch a run). */
export const CORRECTION_RUN_BUDGET_MS = 60_000;

/** Where a correction stands: the zone it moves to, the zones rows are stored in, and the last row moved (`cursor`). */
type CorrectionPosition = WalkPosition & { to: string; stored: StoredZones };

/** What a change of zone records in its audit row: the zones, and how many order completion times moved with it. */
export type TimeZoneCorrection = { from: string; to: string; orders: number };

const pendingOf = (checkpoint: Awaited<ReturnType<typeof findWalkCheckpoint>>) => (checkpoint?.position ?? null) as CorrectionPosition | null;

async function findPending(db: DbOrTx, providerAccountId: string): Promise<CorrectionPosition | null> {
  return pendingOf(await findWalkCheckpoint(db, { providerAccountId, listing: TIME_ZONE_CORRECTION }));
}

export async function timeZoneCorrectionPending(db: DbOrTx, providerAccountId: string): Promise<boolean> {
  return (await findPending(db, providerAccountId)) !== null;
}

/**
 * Records, in the transaction that changes the account's zone from `from` to `to`, that its stored times move to `to`;
 * null when none do (the same zone, or a provider whose times carry their own offset). A correction still under way
 * is taken over: the rows it has moved are in its zone, the others still in theirs, and all move to `to` from there.
 * The orders' times, all in `from` (completionOf), move here.
 */
export async function scheduleTimeZoneCorrection(
  tx: Tx,
  params: { providerAccountId: string; provider: ProviderName; from: string; to: string },
): Promise<TimeZoneCorrection | null> {
  if (!ZONE_READ_PROVIDERS.has(params.provider) || params.from === params.to) return null;
  await lockTimeZoneCorrection(tx, params.providerAccountId);
  const pending = await findPending(tx, params.providerAccountId);
  const stored: StoredZones = pending
    ? [...(pending.cursor !== undefined ? [{ zone: pending.to, through: pending.cursor }] : []), ...pending.stored]
    : [{ zone: params.from }];
  const position: CorrectionPosition | null = stored.some((entry) => entry.zone !== params.to) ? { startedAt: new Date().toISOString(), to: params.to, stored } : null;
  await saveWalkCheckpoints(tx, {
    providerAccountId: params.providerAccountId,
    checkpoints: [{ listing: TIME_ZONE_CORRECTION, readUpTo: position ? null : new Date(), position }],
  });
  const orders = await moveOrderTimesToZone(tx, { providerAccountId: params.providerAccountId, from: params.from, to: params.to });
  return { from: params.from, to: params.to, orders };
}

/**
 * A row's times read again in `to`, or null when none moves. occurred_at moves when the rule that made it
 * (lib/transactions/occurred-at.ts) took it from the provider, as the row records; otherwise it is when Cardhub received
 * a report that gave no time, an instant no zone made.
 */
function movedTimes(row: StoredTimes, to: string): MovedTimes | null {
  if (row.zone === to) return null;
  const authorisedAt = row.authorisedAt && readAgainInZone(row.authorisedAt, row.zone, to);
  const settledAt = row.settledAt && readAgainInZone(row.settledAt, row.zone, to);
  const occurredAt = row.occurredAtFromProvider ? readAgainInZone(row.occurredAt, row.zone, to) : row.occurredAt;
  const same = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime();
  if (same(authorisedAt, row.authorisedAt) && same(settledAt, row.settledAt) && same(occurredAt, row.occurredAt)) return null;
  return { id: row.id, authorisedAt, settledAt, occurredAt };
}

/** One batch in its own transaction, under the account's ledger lock (lockAccountLedger): true while rows are left after it. */
async function moveBatch(tx: Tx, lease: SyncLease, limit: number): Promise<boolean> {
  const { providerAccountId } = lease;
  await lockAccountLedger(tx, providerAccountId);
  await lockTimeZoneCorrection(tx, providerAccountId);
  const correction = await findPending(tx, providerAccountId);
  if (!correction) return false;
  const rows = await timesToMoveQuery(tx, { providerAccountId, after: correction.cursor, stored: correction.stored, limit });
  await writeMovedTimes(tx, rows.flatMap((row) => movedTimes(row, correction.to) ?? []));
  const done = rows.length < limit;
  const position = done ? null : { ...correction, cursor: rows.at(-1)!.providerTransactionId };
  await saveWalkCheckpoints(tx, { providerAccountId, checkpoints: [{ listing: TIME_ZONE_CORRECTION, readUpTo: done ? new Date() : null, position }] });
  // Last, as a page of the pull renews it after its rows: a run that lost the lease writes nothing of this batch.
  await renewTransactionSync(tx, lease);
  return !done;
}

/**
 * Goes on with the account's pending correction, holding the pull's `lease`, for at least one batch and then while
 * the run's budget lasts. True when one was pending: the run then reads nothing from the provider (see above).
 */
export async function moveTimesToCorrectedZone(
  db: Db,
  lease: SyncLease,
  options: { batchRows?: number; budgetMs?: number } = {},
): Promise<boolean> {
  if (!(await timeZoneCorrectionPending(db, lease.providerAccountId))) return false;
  const deadline = Date.now() + (options.budgetMs ?? CORRECTION_RUN_BUDGET_MS);
  let rowsLeft = true;
  while (rowsLeft) {
    rowsLeft = await db.transaction((tx) => moveBatch(tx, lease, options.batchRows ?? BATCH_ROWS));
    if (Date.now() >= deadline) break;
  }
  return true;
}
