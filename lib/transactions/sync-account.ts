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
import { providerForAccount } from "@/lib/providers/for-account";
import type { ProviderName } from "@/lib/providers/types";
import { ingestTransactions } from "./ingest";
import {
  laterDate,
  laterIso,
  MAX_PAGES_PER_RUN,
  newSweepStart,
  PAGE_SIZE,
  type SyncContext,
  type SyncOptions,
  recordSkipped,
  type TransactionSyncSummary,
} from "./sync-context";
import { pullPerCard, pullTradeList } from "./sync-pages";
import { addDays, latestLocalDate, windowFrom } from "./sync-window";

export { PAGE_SIZE, type SyncOptions, type TransactionSyncSummary };

/**
 * Renewed with every page written, so it only runs out when a run is stuck or dead; a run that finds it taken over
 * stops (SyncLeaseLostError) without writing.
 */
const SYNC_LEASE_MS = 10 * 60_000;

/**
 * Walks date windows newest-first by the provider's cursor. Each page's rows and the cursor after it are written in
 * one transaction, so a crash mid-page loses nothing and duplicates nothing: the next run asks for the same page.
 */
async function pullByCursor(context: SyncContext): Promise<void> {
  const { db, account, provider, options, summary, lease } = context;
  const now = options.now ?? new Date();
  const today = latestLocalDate(now);
  const saved = await getTransactionSyncState(db, account.id);
  let state: SyncProgress = saved?.state ?? {};
  if (!state.windowFrom || !state.windowTo) state = windowFrom(await newSweepStart(context, saved?.lastSeenAt ?? null), today);
  for (let page = 1; page <= MAX_PAGES_PER_RUN; page += 1) {
    const readAt = new Date();
    const result = await provider.listTransactions({
      from: state.windowFrom,
      to: state.windowTo,
      cursor: state.cursor,
      pageSize: options.pageSize ?? PAGE_SIZE,
    });
    let sweepDone = false;
    await db.transaction(async (tx) => {
      // Unread rows first: a row of the same page that is stored after all resolves its entry (ingestTransactions).
      await recordSkipped(tx, context, result.skipped);
      const ingested = await ingestTransactions(tx, account, result.items, readAt, "list");
      summary.inserted += ingested.inserted;
      summary.updated += ingested.updated;
      summary.pages += 1;
      await options.afterPageWritten?.({ number: page, cursor: state.cursor });
      const windowLatestAt = laterIso(state.windowLatestAt, ingested.latestAt);
      if (result.nextCursor) {
        state = { ...state, cursor: result.nextCursor, windowLatestAt };
        await saveTransactionSyncState(tx, lease, { state });
      } else if (state.windowTo! < today) {
        state = { ...windowFrom(addDays(state.windowTo!, 1), today), windowLatestAt };
        await saveTransactionSyncState(tx, lease, { state });
      } else {
        sweepDone = true;
        const lastSeenAt = laterDate(saved?.lastSeenAt ?? null, windowLatestAt);
        await saveTransactionSyncState(tx, lease, { state: {}, lastSeenAt, succeeded: true });
      }
    });
    if (sweepDone) return;
  }
}

function pullFor(provider: ProviderName): (context: SyncContext) => Promise<void> {
  switch (provider) {
    case "cardepass":
      return pullByCursor;
    case "nobepay":
      return pullPerCard;
    case "cardopenapi":
      return pullTradeList;
  }
}

/** One pull of one provider account: links rows whose card has appeared since, then asks the provider for more. */
export async function syncAccountTransactions(
  db: Db,
  accountId: string,
  options: SyncOptions = {},
): Promise<TransactionSyncSummary> {
  const summary: TransactionSyncSummary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0 };
  const account = await findProviderAccount(db, accountId);
  if (!account?.active) return summary;
  const lease = await claimTransactionSync(db, accountId, SYNC_LEASE_MS);
  if (!lease) return summary;
  try {
    summary.linked = await linkUnlinkedTransactions(db, { providerAccountId: accountId });
    const provider = options.provider ?? (await providerForAccount(db, accountId));
    const context: SyncContext = { db, account, provider, options, summary, lease };
    await pullFor(account.provider)(context);
    summary.linked += await linkUnlinkedTransactions(db, { providerAccountId: accountId });
    return summary;
  } catch (error) {
    if (!(error instanceof SyncLeaseLostError))
      await recordTransactionSyncError(db, lease, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    await releaseTransactionSync(db, lease);
  }
}

/** Pulls every active account, or only one organisation's when it is named. */
export async function syncAllTransactions(
  db: Db,
  params: { organizationId?: string } = {},
): Promise<TransactionSyncSummary> {
  const total: TransactionSyncSummary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0 };
  for (const account of await listProviderAccounts(db, {
    organizationId: params.organizationId,
    activeOnly: true,
  })) {
    try {
      const summary = await syncAccountTransactions(db, account.id);
      total.inserted += summary.inserted;
      total.updated += summary.updated;
      total.linked += summary.linked;
      total.pages += summary.pages;
      total.skipped += summary.skipped;
    } catch (error) {
      console.warn(
        `[transactions] pull of ${account.label} failed: ${error instanceof Error ? error.message : "unknown error"}`,
      );
    }
  }
  return total;
}
