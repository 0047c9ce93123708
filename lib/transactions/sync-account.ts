import type { Db } from "@/db/client";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { linkUnlinkedTransactions } from "@/db/queries/transactions-ingest";
import {
  claimTransactionSync,
  getTransactionSyncState,
  recordTransactionSyncError,
  releaseTransactionSync,
  saveTransactionSyncState,
  SyncLeaseLostError,
  type SyncProgress,
} from "@/db/queries/transactions-sync";
import { loggableError } from "@/lib/jobs/loggable-error";
import { syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { providerForAccount } from "@/lib/providers/for-account";
import type { ProviderName } from "@/lib/providers/types";
import { rereadRecentTransactions } from "./deep-reread";
import {
  laterDate,
  laterIso,
  MAX_PAGES_PER_RUN,
  newSweepStart,
  PAGE_SIZE,
  type SyncContext,
  type SyncOptions,
  type TransactionSyncSummary,
} from "./sync-context";
import { pullPerCard, pullTradeList } from "./sync-pages";
import { walkCursor } from "./sync-cursor";
import { latestLocalDate, windowFrom } from "./sync-window";
import { moveTimesToCorrectedZone, timeZoneCorrectionPending } from "./time-zone-correction";

export { PAGE_SIZE, type SyncOptions, type TransactionSyncSummary };

/**
 * Renewed with every page written, so it only runs out when a run is stuck or dead; a run that finds it taken over
 * stops (SyncLeaseLostError) without writing.
 */
const SYNC_LEASE_MS = 10 * 60_000;

/** Cardepass: the sweep's date windows, newest-first by the provider's cursor (walkCursor). True once it is over. */
async function pullByCursor(context: SyncContext): Promise<boolean> {
  const { db, account, options, lease } = context;
  const today = latestLocalDate(options.now ?? new Date());
  const saved = await getTransactionSyncState(db, account.id);
  let state: SyncProgress = saved?.state ?? {};
  if (!state.windowFrom || !state.windowTo) state = windowFrom(await newSweepStart(context, saved?.lastSeenAt ?? null), today);
  const start = { windowFrom: state.windowFrom!, windowTo: state.windowTo!, cursor: state.cursor };
  return walkCursor(context, start, {
    today,
    maxPages: MAX_PAGES_PER_RUN,
    save: async (tx, next, latestAt) => {
      const windowLatestAt = laterIso(state.windowLatestAt, latestAt);
      if (next) {
        state = { ...next, windowLatestAt };
        await saveTransactionSyncState(tx, lease, { state });
      } else {
        const lastSeenAt = laterDate(saved?.lastSeenAt ?? null, windowLatestAt);
        await saveTransactionSyncState(tx, lease, { state: {}, lastSeenAt, succeeded: true });
      }
    },
  });
}

/** The account's sweep, by how its provider lists transactions: true when the sweep ended in this run. */
function pullFor(provider: ProviderName): (context: SyncContext) => Promise<boolean> {
  switch (provider) {
    case "cardepass":
      return pullByCursor;
    case "nobepay":
      return pullPerCard;
    case "cardopenapi":
      return pullTradeList;
  }
}

/**
 * One pull of one provider account: links rows whose card has appeared since, then asks the provider for more; once
 * the sweep is over, the day's re-read of the last 90 days goes on where it stands (deep-reread.ts). An error that
 * stops it is recorded as the pull's last error (worded by syncFailureText) and thrown on.
 * A corrected time zone's move of the stored times (time-zone-correction.ts) goes first, and a run that finds one
 * pending reads nothing; an inactive account is not read, but its times are still moved.
 */
export async function syncAccountTransactions(
  db: Db,
  accountId: string,
  options: SyncOptions = {},
): Promise<TransactionSyncSummary> {
  const summary: TransactionSyncSummary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0, movedCardIds: new Set() };
  const account = await findProviderAccount(db, accountId);
  if (!account || (!account.active && !(await timeZoneCorrectionPending(db, accountId)))) return summary;
  const lease = await claimTransactionSync(db, accountId, SYNC_LEASE_MS);
  if (!lease) return summary;
  try {
    if (!account.active) {
      await moveTimesToCorrectedZone(db, lease);
      return summary;
    }
    summary.linked = await linkUnlinkedTransactions(db, { providerAccountId: accountId });
    // Made before a time-zone correction is looked for: a run that finds none writes in the zone its adapter reads
    // in, and rows it writes after a correction is saved are still there for the correction to move.
    const provider = options.provider ?? (await providerForAccount(db, accountId));
    if (await moveTimesToCorrectedZone(db, lease)) return summary;
    const context: SyncContext = { db, account, provider, options, summary, lease };
    const firstSweep = (await getTransactionSyncState(db, accountId))?.lastSeenAt == null;
    if (await pullFor(account.provider)(context)) await rereadRecentTransactions(context, { provider: account.provider, firstSweep });
    summary.linked += await linkUnlinkedTransactions(db, { providerAccountId: accountId });
    return summary;
  } catch (error) {
    if (!(error instanceof SyncLeaseLostError))
      await recordTransactionSyncError(db, lease, syncFailureText(error));
    throw error;
  } finally {
    await releaseTransactionSync(db, lease);
  }
}

/**
 * Pulls every active account, or only one organisation's when it is named; an inactive one only has a pending
 * time-zone correction carried on (syncAccountTransactions).
 */
export async function syncAllTransactions(
  db: Db,
  params: { organizationId?: string } = {},
): Promise<TransactionSyncSummary> {
  const total: TransactionSyncSummary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0, movedCardIds: new Set() };
  for (const account of await listProviderAccounts(db, { organizationId: params.organizationId })) {
    try {
      const summary = await syncAccountTransactions(db, account.id);
      total.inserted += summary.inserted;
      total.updated += summary.updated;
      total.linked += summary.linked;
      total.pages += summary.pages;
      total.skipped += summary.skipped;
      for (const cardId of summary.movedCardIds) total.movedCardIds.add(cardId);
    } catch (error) {
      console.warn(`[transactions] pull of ${account.label} failed: ${loggableError(error)}`);
    }
  }
  return total;
}
