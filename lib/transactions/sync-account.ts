import type { Db } from "@/db/client";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { listSyncableCards } from "@/db/queries/card-updates";
import { linkUnlinkedTransactions, oldestOpenAuthorisation } from "@/db/queries/transactions-ingest";
import {
  claimTransactionSync,
  getTransactionSyncState,
  recordTransactionSyncError,
  releaseTransactionSync,
  saveTransactionSyncState,
} from "@/db/queries/transactions-sync";
import type { TransactionSyncCursor } from "@/db/schema/transactions";
import type { CardProvider } from "@/lib/providers/interface";
import { providerForAccount } from "@/lib/providers/for-account";
import type { ProviderName } from "@/lib/providers/types";
import { ingestTransactions, type IngestAccount } from "./ingest";
import { addDays, latestLocalDate, sweepStart, windowFrom } from "./sync-window";

export const PAGE_SIZE = 100;
const MAX_PAGES_PER_RUN = 200;
const MAX_PAGES_PER_CARD = 20;
/** Longer than any sweep should take; a crashed worker's lease simply runs out. */
const SYNC_LEASE_MS = 10 * 60_000;

export type TransactionSyncSummary = { inserted: number; updated: number; linked: number; pages: number };

export type SyncOptions = {
  now?: Date;
  pageSize?: number;
  /** Tests pass an adapter of their own (to crash it mid-sweep); otherwise the account's adapter. */
  provider?: CardProvider;
  /** Called inside each page's database transaction, after its rows are written and before its cursor is saved. */
  afterPageWritten?: (page: { number: number; cursor: string | undefined }) => void | Promise<void>;
};

type Context = {
  db: Db;
  account: IngestAccount;
  provider: CardProvider;
  options: SyncOptions;
  summary: TransactionSyncSummary;
};

/**
 * Walks date windows newest-first by the provider's cursor. Each page's rows and the cursor after it are written in
 * one transaction, so a crash mid-page loses nothing and duplicates nothing: the next run asks for the same page.
 */
async function pullByCursor(context: Context): Promise<void> {
  const { db, account, provider, options, summary } = context;
  const now = options.now ?? new Date();
  const today = latestLocalDate(now);
  const saved = await getTransactionSyncState(db, account.id);
  let state: TransactionSyncCursor = saved?.state ?? {};
  if (!state.windowFrom || !state.windowTo) {
    const from = sweepStart({
      now,
      lastSeenAt: saved?.lastSeenAt ?? null,
      oldestOpenAuthorisation: await oldestOpenAuthorisation(db, { providerAccountId: account.id }),
    });
    state = windowFrom(from, today);
  }
  for (let page = 1; page <= MAX_PAGES_PER_RUN; page += 1) {
    const result = await provider.listTransactions({
      from: state.windowFrom,
      to: state.windowTo,
      cursor: state.cursor,
      pageSize: options.pageSize ?? PAGE_SIZE,
    });
    let sweepDone = false;
    await db.transaction(async (tx) => {
      const ingested = await ingestTransactions(tx, account, result.items);
      summary.inserted += ingested.inserted;
      summary.updated += ingested.updated;
      summary.pages += 1;
      await options.afterPageWritten?.({ number: page, cursor: state.cursor });
      const latest = [state.windowLatestAt ? new Date(state.windowLatestAt) : null, ingested.latestAt].filter(
        (at): at is Date => at !== null,
      );
      const windowLatestAt =
        latest.length > 0 ? new Date(Math.max(...latest.map((at) => at.getTime()))).toISOString() : undefined;
      if (result.nextCursor) {
        state = { ...state, cursor: result.nextCursor, windowLatestAt };
        await saveTransactionSyncState(tx, account.id, { state });
      } else if (state.windowTo! < today) {
        state = { ...windowFrom(addDays(state.windowTo!, 1), today), windowLatestAt };
        await saveTransactionSyncState(tx, account.id, { state });
      } else {
        sweepDone = true;
        const previous = saved?.lastSeenAt ?? null;
        const seen = windowLatestAt ? new Date(windowLatestAt) : null;
        const lastSeenAt = seen && (!previous || seen > previous) ? seen : previous;
        await saveTransactionSyncState(tx, account.id, { state: {}, lastSeenAt, succeeded: true });
      }
    });
    if (sweepDone) return;
  }
}

/** Page-numbered lists (cardopenapi's trade list): the whole account since shortly before the last sweep. */
async function pullByPage(context: Context, cardId?: string): Promise<Date | null> {
  const { db, account, provider, options, summary } = context;
  const now = options.now ?? new Date();
  const saved = await getTransactionSyncState(db, account.id);
  const from = sweepStart({
    now,
    lastSeenAt: saved?.lastSeenAt ?? null,
    oldestOpenAuthorisation: await oldestOpenAuthorisation(db, { providerAccountId: account.id }),
  });
  let latestAt: Date | null = null;
  let cursor: string | undefined;
  for (let page = 1; page <= (cardId ? MAX_PAGES_PER_CARD : MAX_PAGES_PER_RUN); page += 1) {
    const result = await provider.listTransactions({
      from,
      to: latestLocalDate(now),
      cursor,
      pageSize: options.pageSize ?? PAGE_SIZE,
      ...(cardId ? { cardId } : {}),
    });
    await db.transaction(async (tx) => {
      const ingested = await ingestTransactions(tx, account, result.items);
      summary.inserted += ingested.inserted;
      summary.updated += ingested.updated;
      summary.pages += 1;
      if (ingested.latestAt && (!latestAt || ingested.latestAt > latestAt)) latestAt = ingested.latestAt;
    });
    // NobePay lists a card newest first and the adapter keeps only the window's days: a page with nothing in the
    // window means every later page is older still.
    if (!result.nextCursor || (cardId && result.items.length === 0)) break;
    cursor = result.nextCursor;
  }
  return latestAt;
}

async function finishSweep(db: Db, accountId: string, latestAt: Date | null): Promise<void> {
  const saved = await getTransactionSyncState(db, accountId);
  const previous = saved?.lastSeenAt ?? null;
  await saveTransactionSyncState(db, accountId, {
    state: {},
    lastSeenAt: latestAt && (!previous || latestAt > previous) ? latestAt : previous,
    succeeded: true,
  });
}

/** NobePay lists one card at a time: the backstop for webhooks that never arrived. */
async function pullPerCard(context: Context): Promise<void> {
  let latestAt: Date | null = null;
  for (const card of await listSyncableCards(context.db, { providerAccountId: context.account.id })) {
    if (
      !card.providerCardId ||
      card.status === "cancelled" ||
      card.status === "failed" ||
      card.status === "pending"
    )
      continue;
    const cardLatest = await pullByPage(context, card.providerCardId);
    if (cardLatest && (!latestAt || cardLatest > latestAt)) latestAt = cardLatest;
  }
  await finishSweep(context.db, context.account.id, latestAt);
}

function pullFor(provider: ProviderName): (context: Context) => Promise<void> {
  switch (provider) {
    case "cardepass":
      return pullByCursor;
    case "nobepay":
      return pullPerCard;
    case "cardopenapi":
      return async (context) => finishSweep(context.db, context.account.id, await pullByPage(context));
  }
}

/** One pull of one provider account: links rows whose card has appeared since, then asks the provider for more. */
export async function syncAccountTransactions(
  db: Db,
  accountId: string,
  options: SyncOptions = {},
): Promise<TransactionSyncSummary> {
  const summary: TransactionSyncSummary = { inserted: 0, updated: 0, linked: 0, pages: 0 };
  const account = await findProviderAccount(db, accountId);
  if (!account?.active) return summary;
  if (!(await claimTransactionSync(db, accountId, SYNC_LEASE_MS))) return summary;
  try {
    summary.linked = await linkUnlinkedTransactions(db, { providerAccountId: accountId });
    const provider = options.provider ?? (await providerForAccount(db, accountId));
    await pullFor(account.provider)({ db, account, provider, options, summary });
    summary.linked += await linkUnlinkedTransactions(db, { providerAccountId: accountId });
    return summary;
  } catch (error) {
    await recordTransactionSyncError(db, accountId, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    await releaseTransactionSync(db, accountId);
  }
}

/** Pulls every active account, or only one organisation's when it is named. */
export async function syncAllTransactions(
  db: Db,
  params: { organizationId?: string } = {},
): Promise<TransactionSyncSummary> {
  const total: TransactionSyncSummary = { inserted: 0, updated: 0, linked: 0, pages: 0 };
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
    } catch (error) {
      console.warn(
        `[transactions] pull of ${account.label} failed: ${error instanceof Error ? error.message : "unknown error"}`,
      );
    }
  }
  return total;
}
