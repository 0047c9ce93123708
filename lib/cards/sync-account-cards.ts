import type { Db } from "@/db/client";
import { CLOSED_CARD_STATUSES, findCardByProviderId, insertCard, listSyncableCards, type CardRow } from "@/db/queries/card-updates";
import { hasOpenIssueOrder } from "@/db/queries/provider-orders";
import { linkUnlinkedTransactions, listUnlinkedProviderCardIds } from "@/db/queries/transactions-ingest";
import { findSyncHealth, recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { withSessionLock } from "@/db/queries/session-lock";
import { forgetUnknownProviderCard, markProviderCardUnknown } from "@/db/queries/unknown-provider-cards";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { deleteWalkCheckpoints, findWalkCheckpoint, saveWalkCheckpoints, type WalkPosition } from "@/db/queries/sync-walks";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import { loggableError } from "@/lib/jobs/loggable-error";
import { CurrencyMismatchError } from "@/lib/money";
import { isProviderError, ProviderError, supports, type Card, type CardProvider } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { describeProviderFailure } from "@/lib/provider-accounts/describe-error";
import { readFailureText, syncFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { recordAccountHealth } from "@/lib/provider-accounts/sync-health";
import { endsTheRun } from "@/lib/statements/sync-statements";
import { listClosedCardsDue } from "./closed-card-reads";
import { isCardUnknownToProvider } from "./provider-missing";
import { applyRemoteCard, cardColumnsFrom, namedProductId, providerClosedAt, readRemoteCard } from "./sync-card";

/** Card list pages one sync reads of one account; a longer list is read on over the next syncs. */
const MAX_PAGES = 50;
const PAGE_SIZE = 100;
/** The checkpoint of an account's walk through its provider's card list (db/queries/sync-walks). */
const CARD_LIST_WALK = "cards";
/** Card ids read one by one per sync from a provider that cannot list its cards. */
const MAX_NAMED_CARDS_PER_SYNC = 100;


/**
 * The cards of an account a sync may read one by one: every open one, and the closed ones in their refund window not
 * read within the last hour (a card closed at the provider keeps its status, and its balance follows the provider's).
 * Least recently read first, so a sync that runs out of time leaves the next one the cards it missed.
 */
async function cardsToReadOneByOne(db: Db, accountId: string): Promise<CardRow[]> {
  const closed = await listClosedCardsDue(db, { providerAccountId: accountId, read: "card" });
  const open = await listSyncableCards(db, { providerAccountId: accountId });
  const lastRead = (card: CardRow) => card.lastSyncedAt?.getTime() ?? 0;
  return [...open, ...closed].sort((a, b) => lastRead(a) - lastRead(b));
}

/** The kind of provider_sync_status row card syncs write (beside "funding"). */
export const CARDS_SYNC = "cards";

/**
 * How long one card sync of every account may go on starting provider reads. What it did not reach, the next sync
 * reads first (accounts least recently tried first, cards least recently read first). With one read already under way
 * it is what the cards.sync job's expiry is made of (lib/jobs/sync-cards-job.ts), so a run never outlives its job.
 */
export const CARD_SYNC_RUN_BUDGET_MS = 10 * 60_000;

/**
 * `unfinished`: accounts whose cards were not all read in this sync (it goes on at the next); `skipped`: accounts
 * another sync was reading at the time. For one account, `stoppedBy` says why its reading ended early: a failure the
 * next card would meet too, or the run's time budget.
 */
export type SyncSummary = {
  updated: number;
  imported: number;
  failed: number;
  missing: number;
  unfinished: number;
  skipped: number;
  lastError?: string;
  stoppedBy?: "failure" | "time";
  stoppedOn?: unknown;
};

/** Lower than in production only in tests, to reach the page cap without thousands of cards. */
export type CardListOptions = { maxPages?: number; pageSize?: number };

/** `deadline` (epoch ms): no provider read starts after it (default: CARD_SYNC_RUN_BUDGET_MS from now). */
export type AccountCardSyncOptions = CardListOptions & { deadline?: number };

/** One account's reading within one sync. */
type AccountRead = { db: Db; provider: CardProvider; account: { id: string; organizationId: string; label: string }; summary: SyncSummary; deadline: number };

const emptySummary = (): SyncSummary => ({ updated: 0, imported: 0, failed: 0, missing: 0, unfinished: 0, skipped: 0 });

/** Whether a card's read failure is the account's rather than the card's (statements' rule): the next card would fail too. */
function endsTheAccountRead(error: unknown): boolean {
  return !(error instanceof CurrencyMismatchError) && endsTheRun(error);
}

/**
 * A card the provider could not be asked about (not "card not found"): counted, and its cause kept for the sync status.
 * False when the account's reading stops here.
 */
function countFailure(read: AccountRead, error: unknown): boolean {
  read.summary.failed += 1;
  read.summary.lastError = readFailureText(error);
  if (!isProviderError(error) && !(error instanceof CurrencyMismatchError)) console.warn(`[cards] reading a card of ${read.account.label} failed: ${loggableError(error)}`);
  if (!endsTheAccountRead(error)) return true;
  read.summary.stoppedBy = "failure";
  read.summary.stoppedOn = error;
  return false;
}

/** Whether the run's time is up, so no further provider read of this account starts (it is then unfinished). */
function outOfTime(read: AccountRead): boolean {
  if (Date.now() < read.deadline) return false;
  read.summary.stoppedBy = "time";
  read.summary.unfinished = 1;
  return true;
}

/**
 * MONEY: whether the provider stated no currency for a card (Card.currencyUnknown), so that it has no amounts to store.
 * Such a card is not imported; a known one (`known`) keeps its own currency and balance while its status is stored from
 * the read, so a card is still followed when its BIN stops stating a currency. Counted, with the reason, for the sync status.
 */
function amountsUnread(read: AccountRead, remote: Card, known: boolean): boolean {
  if (!remote.currencyUnknown) return false;
  const consequence = known ? "its status was read but its balance was not: it keeps the currency and balance Cardhub last knew" : "it was not imported (its amounts would be read in a guessed currency)";
  countFailure(read, new ProviderError("unknown", { provider: remote.provider, message: `${remote.currencyUnknown}, so ${consequence}` }));
  return true;
}

/** One known card read on its own: updated, missing at the provider, or failed. False when the account's reading stops. */
async function syncOne(read: AccountRead, card: CardRow): Promise<boolean> {
  try {
    const readAt = new Date();
    const remote = await readRemoteCard(read.db, card.id, () => read.provider.getCard(card.providerCardId!));
    if (await applyRemoteCard(read.db, card, remote, readAt)) read.summary.updated += 1;
    amountsUnread(read, remote, true);
    return true;
  } catch (error) {
    if (!isCardUnknownToProvider(error)) return countFailure(read, error);
    read.summary.missing += 1;
    return true;
  }
}

/**
 * A provider without a card list (Cardepass) still names its cards in their transactions, so a card issued outside
 * Cardhub shows up there first; a provider with a list may leave some out of it (closed cards). Each such card is read
 * on its own, imported like a listed card and its transactions linked to it. An id the provider says it does not know
 * stays unlinked and is recorded, so later syncs go on to the next ids instead of asking about it again.
 */
async function importCardsNamedByTransactions(read: AccountRead, alreadyListed: ReadonlySet<string> = new Set()): Promise<void> {
  const { db, account, provider, summary } = read;
  if (await hasOpenIssueOrder(db, account.id)) return;
  let imported = 0;
  for (const providerCardId of await listUnlinkedProviderCardIds(db, { providerAccountId: account.id, limit: MAX_NAMED_CARDS_PER_SYNC })) {
    if (alreadyListed.has(providerCardId)) continue;
    if (outOfTime(read)) break;
    let remote: Card;
    try {
      remote = await provider.getCard(providerCardId);
    } catch (error) {
      if (isCardUnknownToProvider(error)) await markProviderCardUnknown(db, { providerAccountId: account.id, providerCardId });
      else if (!countFailure(read, error)) break;
      continue;
    }
    if (remote.status !== "failed" && !amountsUnread(read, remote, false) && (await importCard(db, account, remote))) imported += 1;
  }
  if (imported === 0) return;
  summary.imported += imported;
  await linkUnlinkedTransactions(db, { providerAccountId: account.id });
}

/**
 * Brings every card of an account up to date. Cards issued outside Cardhub are imported as unassigned company cards:
 * from the provider's card list, or, where it has none, from the card ids its transactions name. Nothing is imported
 * while one of our own issue orders is still open (its card would otherwise be imported twice: once here, once when
 * the order completes). A card list longer than one sync reads is walked over several syncs, each going on from where
 * the last one stopped. A failure that concerns the whole account (the provider does not answer, refuses the
 * credentials or limits requests) ends the account's reading at once, as does the run's deadline.
 */
export async function syncAccountCards(db: Db, accountId: string, options: AccountCardSyncOptions = {}): Promise<SyncSummary> {
  // One card sync of an account at a time, across workers, and beside a run pg-boss gave up on and started again while
  // it still ran: two would send the provider every read twice and both import its new cards (the second failing on
  // the unique key). The second one skips the account; the first one records its outcome.
  const outcome = await withSessionLock(db, `cards:${accountId}`, 0, () => readAccountCards(db, accountId, options));
  return outcome.ran ? outcome.value : { ...emptySummary(), skipped: 1 };
}

/** syncAccountCards' reading, run while it holds the account's card sync lock. */
async function readAccountCards(db: Db, accountId: string, options: AccountCardSyncOptions): Promise<SyncSummary> {
  const account = await findProviderAccount(db, accountId);
  if (!account?.active) return emptySummary();
  const read: AccountRead = { db, provider: await providerForAccount(db, accountId), account, summary: emptySummary(), deadline: options.deadline ?? Date.now() + CARD_SYNC_RUN_BUDGET_MS };

  if (!supports(read.provider.capabilities, "listCards")) {
    for (const card of await cardsToReadOneByOne(db, accountId)) {
      if (outOfTime(read) || !(await syncOne(read, card))) return read.summary;
    }
    await importCardsNamedByTransactions(read);
    return read.summary;
  }

  const checkpoint = await findWalkCheckpoint(db, { providerAccountId: accountId, listing: CARD_LIST_WALK });
  const walk: WalkPosition = checkpoint?.position ?? { startedAt: new Date().toISOString() };
  const listed = await walkCardList(read, walk, options);
  if (!listed) {
    read.summary.unfinished = 1;
    return read.summary;
  }
  if (checkpoint) await deleteWalkCheckpoints(db, { providerAccountId: accountId, listings: [CARD_LIST_WALK] });
  // The list was read to its end, over this sync and maybe earlier ones. A card of ours it did not show is asked about
  // on its own, and only the provider's "card not found" marks it; one stored since the walk began was shown to an
  // earlier sync of it (or read on its own meanwhile), so the provider knew it then. A closed card the list left out is
  // read so within its refund window.
  const walkBegan = new Date(walk.startedAt);
  for (const card of await cardsToReadOneByOne(db, accountId)) {
    if (listed.has(card.providerCardId!) || (card.lastSyncedAt && card.lastSyncedAt >= walkBegan)) continue;
    if (outOfTime(read) || !(await syncOne(read, card))) return read.summary;
  }
  // So is a card id that transactions name and the listing left out (a list may leave out closed cards).
  await importCardsNamedByTransactions(read, listed);
  return read.summary;
}

/**
 * Reads the card list from where `walk` stands, storing each page's cards as it goes. Returns the ids listed when the
 * list's end was reached; null when the page cap, the run's deadline or a failure stopped it first, after saving where
 * to go on from: the last page read, read again. A card created meanwhile goes on the list's end or pushes the others
 * further down, so none is skipped; the page read again covers one removed meanwhile.
 */
async function walkCardList(read: AccountRead, walk: WalkPosition, options: CardListOptions): Promise<Set<string> | null> {
  const { db, account, provider, summary } = read;
  const mayImport = !(await hasOpenIssueOrder(db, account.id));
  const listed = new Set<string>();
  let cursor = walk.cursor;
  let lastRead = walk.cursor;
  const stopAt = async () =>
    saveWalkCheckpoints(db, { providerAccountId: account.id, checkpoints: [{ listing: CARD_LIST_WALK, readUpTo: null, position: { ...walk, cursor: lastRead } }] });
  try {
    // Going on from the last page read costs a page, so a sync reads at least two to move forward.
    for (let page = 0; page < Math.max(2, options.maxPages ?? MAX_PAGES); page += 1) {
      if (outOfTime(read)) break;
      const readAt = new Date();
      const result = await provider.listCards({ cursor, pageSize: options.pageSize ?? PAGE_SIZE });
      lastRead = cursor;
      for (const remote of result.items) {
        listed.add(remote.providerCardId);
        const known = await findCardByProviderId(db, { providerAccountId: account.id, providerCardId: remote.providerCardId });
        if (known) {
          try {
            if (await applyRemoteCard(db, known, remote, readAt)) summary.updated += 1;
            amountsUnread(read, remote, true);
          } catch (error) {
            if (!(error instanceof CurrencyMismatchError)) throw error;
            countFailure(read, error);
          }
        } else if (mayImport && remote.status !== "failed" && !amountsUnread(read, remote, false)) {
          if (await importCard(db, account, remote)) summary.imported += 1;
        }
      }
      if (!result.nextCursor) return listed;
      cursor = result.nextCursor;
    }
  } catch (error) {
    await stopAt().catch(() => undefined);
    throw error;
  }
  await stopAt();
  return null;
}

async function importCard(db: Db, account: { id: string; organizationId: string; label: string }, remote: Card): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Checked again just before writing, in this order: an issue order that completes meanwhile is either still open
    // here or has already stored its card id, so its card is never imported a second time.
    if (await hasOpenIssueOrder(tx, account.id)) return false;
    if (await findCardByProviderId(tx, { providerAccountId: account.id, providerCardId: remote.providerCardId })) return false;
    const card = await insertCard(tx, {
      organizationId: account.organizationId,
      providerAccountId: account.id,
      providerCardId: remote.providerCardId,
      cardModel: remote.model,
      alias: remote.alias?.trim() || `${account.label} card ${remote.last4 ?? remote.providerCardId.slice(-4)}`,
      tags: remote.tags,
      currency: remote.currency,
      ...cardColumnsFrom(remote, remote.currency),
      // Its fees and name come with it; one Cardhub has not read yet is linked by a later sync (applyRemoteCard).
      productId: await namedProductId(tx, account.id, remote),
      // A card that reaches Cardhub already closed closed when its provider says (Card OPEN-API end_at). Where the
      // provider gives no time: no date (the card page names none, rather than the import's), and none of the refund
      // window's re-reads, which count from that date.
      closedAt: CLOSED_CARD_STATUSES.includes(remote.status) ? providerClosedAt(remote) : null,
    });
    await forgetUnknownProviderCard(tx, { providerAccountId: account.id, providerCardId: remote.providerCardId });
    await record(tx, await workerAuditContext(tx, null, account.organizationId), {
      action: "card.imported",
      targetType: "card",
      targetId: card.id,
      summary: { providerAccount: account.label, providerCardId: remote.providerCardId, maskedNumber: remote.maskedNumber, status: remote.status },
    });
    return true;
  });
}

/** What an account's card sync status says about a sync that did not read everything (none: a clean sync). */
function describeProblems(summary: SyncSummary): string | null {
  const problems = [
    ...(summary.failed > 0 ? [`${summary.failed} card(s) could not be read: ${summary.lastError}`] : []),
    ...(summary.stoppedBy === "failure" ? ["reading stopped there, as the next cards would fail the same way; the next sync tries again"] : []),
    ...(summary.stoppedBy === "time" ? ["this sync ran out of its time before reading every card: the next sync goes on with the cards it did not read"] : []),
    ...(summary.unfinished > 0 && !summary.stoppedBy ? ["card list longer than one sync reads: the next sync goes on from where this one stopped"] : []),
  ];
  if (problems.length === 0) return null;
  const message = problems.join("; ");
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The accounts in the order a sync reads them: the ones whose cards were tried least recently first (never: first of
 * all), by label among equals. A sync that ran out of time or skipped an account leaves it at the front for the next.
 */
async function inTurn<Account extends { id: string }>(db: Db, accounts: Account[]): Promise<Account[]> {
  const lastTried = new Map<string, number>();
  for (const account of accounts) {
    const health = await findSyncHealth(db, { providerAccountId: account.id, kind: CARDS_SYNC });
    lastTried.set(account.id, Math.max(health.lastSuccessAt?.getTime() ?? 0, health.lastErrorAt?.getTime() ?? 0));
  }
  return [...accounts].sort((a, b) => lastTried.get(a.id)! - lastTried.get(b.id)!);
}

/** Every active account's cards, within the run's time budget (`runBudgetMs`, lower only in tests). */
export async function syncAllCards(db: Db, options: CardListOptions & { runBudgetMs?: number } = {}): Promise<SyncSummary> {
  const deadline = Date.now() + (options.runBudgetMs ?? CARD_SYNC_RUN_BUDGET_MS);
  const total = emptySummary();
  for (const account of await inTurn(db, await listProviderAccounts(db, { activeOnly: true }))) {
    if (Date.now() >= deadline) {
      total.unfinished += 1;
      continue;
    }
    const at = new Date();
    try {
      const summary = await syncAccountCards(db, account.id, { maxPages: options.maxPages, pageSize: options.pageSize, deadline });
      for (const key of ["updated", "imported", "failed", "missing", "unfinished", "skipped"] as const) total[key] += summary[key];
      // Another sync is reading this account and records how it went.
      if (summary.skipped > 0) continue;
      const stoppedByProvider = summary.stoppedBy === "failure" && isProviderError(summary.stoppedOn);
      await recordAccountHealth(db, account.id, stoppedByProvider ? { ok: false, error: describeProviderFailure(summary.stoppedOn).message } : { ok: true, synced: summary.unfinished === 0 });
      const problems = describeProblems(summary);
      if (problems === null) await recordSyncSuccess(db, { providerAccountId: account.id, kind: CARDS_SYNC, at });
      else await recordSyncFailure(db, { providerAccountId: account.id, kind: CARDS_SYNC, at, message: problems });
    } catch (error) {
      total.failed += 1;
      await recordAccountHealth(db, account.id, { ok: false, error: describeProviderFailure(error).message }).catch(() => undefined);
      await recordSyncFailure(db, { providerAccountId: account.id, kind: CARDS_SYNC, at, message: syncFailureText(error) }).catch(() => undefined);
      console.warn(`[cards] sync of ${account.label} failed: ${loggableError(error)}`);
    }
  }
  return total;
}
