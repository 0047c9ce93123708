import type { Db } from "@/db/client";
import type { CardStatus } from "@/lib/providers/types";
import { findCardByProviderId, insertCard, listClosedCardsToRecheck, listSyncableCards, type CardRow } from "@/db/queries/card-updates";
import { hasOpenIssueOrder } from "@/db/queries/provider-orders";
import { linkUnlinkedTransactions, listUnlinkedProviderCardIds } from "@/db/queries/transactions-ingest";
import { recordSyncFailure, recordSyncSuccess } from "@/db/queries/provider-sync-status";
import { forgetUnknownProviderCard, markProviderCardUnknown } from "@/db/queries/unknown-provider-cards";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { deleteWalkCheckpoints, findWalkCheckpoint, saveWalkCheckpoints, type WalkPosition } from "@/db/queries/sync-walks";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import { CurrencyMismatchError } from "@/lib/money";
import { supports, type Card, type CardProvider } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { describeProviderFailure } from "@/lib/provider-accounts/describe-error";
import { recordAccountHealth } from "@/lib/provider-accounts/sync-health";
import { isCardUnknownToProvider } from "./provider-missing";
import { applyRemoteCard, cardColumnsFrom, readRemoteCard } from "./sync-card";

/** Card list pages one sync reads of one account; a longer list is read on over the next syncs. */
const MAX_PAGES = 50;
const PAGE_SIZE = 100;
/** The checkpoint of an account's walk through its provider's card list (db/queries/sync-walks). */
const CARD_LIST_WALK = "cards";
/** Card ids read one by one per sync from a provider that cannot list its cards. */
const MAX_NAMED_CARDS_PER_SYNC = 100;

/**
 * How long after it was cancelled a card is still read from its provider. Money can reach a closed card for months:
 * merchants refund late, and card networks allow chargebacks up to 120 days after the transaction (Visa and
 * Mastercard's usual limit), so refunds and won disputes of purchases made just before the cancel land well after it.
 * The provider keeps that money on the card (a Cardepass Standard card's balance), and only a read shows it.
 */
export const CLOSED_CARD_REFUND_WINDOW_DAYS = 120;
/** A cancelled card in its window is read at most this often (open cards: every sync), from cards.last_synced_at. */
export const CLOSED_CARD_RECHECK_MS = 60 * 60 * 1000;
/** Cancelled cards read per account per sync; more (a mass cancellation) are read over the next syncs. */
const MAX_CLOSED_CARDS_PER_SYNC = 500;

/**
 * The cards of an account a sync may read one by one: every open one, and the cancelled ones in their refund window
 * not read within the last hour (a card cancelled at the provider keeps its status, and its balance follows the
 * provider's).
 */
async function cardsToReadOneByOne(db: Db, accountId: string): Promise<CardRow[]> {
  const now = Date.now();
  const closed = await listClosedCardsToRecheck(db, {
    providerAccountId: accountId,
    closedSince: new Date(now - CLOSED_CARD_REFUND_WINDOW_DAYS * 24 * 60 * 60 * 1000),
    syncedBefore: new Date(now - CLOSED_CARD_RECHECK_MS),
    limit: MAX_CLOSED_CARDS_PER_SYNC,
  });
  return [...(await listSyncableCards(db, { providerAccountId: accountId })), ...closed];
}

/** The kind of provider_sync_status row card syncs write (beside "funding"). */
export const CARDS_SYNC = "cards";

/** `unfinished`: accounts whose card list was not read to its end in this sync (it goes on at the next). */
export type SyncSummary = { updated: number; imported: number; failed: number; missing: number; unfinished: number; lastError?: string };

/** Lower than in production only in tests, to reach the page cap without thousands of cards. */
export type CardListOptions = { maxPages?: number; pageSize?: number };

/** A card the provider could not be asked about (not "card not found"): counted, and its error kept for the sync status. */
function countFailure(summary: SyncSummary, error: unknown): void {
  summary.failed += 1;
  summary.lastError = error instanceof Error ? error.message : "unknown error";
}

/** One known card read on its own: updated, missing at the provider, or failed (the provider's answer kept). */
async function syncOne(db: Db, provider: CardProvider, card: { id: string; providerCardId: string; currency: string; status: CardStatus }, summary: SyncSummary): Promise<void> {
  try {
    const readAt = new Date();
    if (await applyRemoteCard(db, card, await readRemoteCard(db, card.id, () => provider.getCard(card.providerCardId)), readAt)) summary.updated += 1;
  } catch (error) {
    if (isCardUnknownToProvider(error)) summary.missing += 1;
    else countFailure(summary, error);
  }
}

/**
 * A provider without a card list (Cardepass) still names its cards in their transactions, so a card issued outside
 * Cardhub shows up there first; a provider with a list may leave some out of it (closed cards). Each such card is read
 * on its own, imported like a listed card and its transactions linked to it. An id the provider says it does not know
 * stays unlinked and is recorded, so later syncs go on to the next ids instead of asking about it again.
 */
async function importCardsNamedByTransactions(
  db: Db,
  account: { id: string; organizationId: string; label: string },
  provider: CardProvider,
  summary: SyncSummary,
  alreadyListed: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (await hasOpenIssueOrder(db, account.id)) return;
  let imported = 0;
  for (const providerCardId of await listUnlinkedProviderCardIds(db, { providerAccountId: account.id, limit: MAX_NAMED_CARDS_PER_SYNC })) {
    if (alreadyListed.has(providerCardId)) continue;
    let remote: Card;
    try {
      remote = await provider.getCard(providerCardId);
    } catch (error) {
      if (isCardUnknownToProvider(error)) await markProviderCardUnknown(db, { providerAccountId: account.id, providerCardId });
      else countFailure(summary, error);
      continue;
    }
    if (remote.status !== "failed" && (await importCard(db, account, remote))) imported += 1;
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
 * the last one stopped.
 */
export async function syncAccountCards(db: Db, accountId: string, options: CardListOptions = {}): Promise<SyncSummary> {
  const account = await findProviderAccount(db, accountId);
  if (!account?.active) return { updated: 0, imported: 0, failed: 0, missing: 0, unfinished: 0 };
  const provider = await providerForAccount(db, accountId);
  const summary: SyncSummary = { updated: 0, imported: 0, failed: 0, missing: 0, unfinished: 0 };

  if (!supports(provider.capabilities, "listCards")) {
    for (const card of await cardsToReadOneByOne(db, accountId)) {
      await syncOne(db, provider, { id: card.id, providerCardId: card.providerCardId!, currency: card.currency, status: card.status }, summary);
    }
    await importCardsNamedByTransactions(db, account, provider, summary);
    return summary;
  }

  const checkpoint = await findWalkCheckpoint(db, { providerAccountId: accountId, listing: CARD_LIST_WALK });
  const walk: WalkPosition = checkpoint?.position ?? { startedAt: new Date().toISOString() };
  const listed = await walkCardList(db, account, provider, walk, options, summary);
  if (!listed) {
    summary.unfinished = 1;
    return summary;
  }
  if (checkpoint) await deleteWalkCheckpoints(db, { providerAccountId: accountId, listings: [CARD_LIST_WALK] });
  // The list was read to its end, over this sync and maybe earlier ones. A card of ours it did not show is asked about
  // on its own, and only the provider's "card not found" marks it; one stored since the walk began was shown to an
  // earlier sync of it (or read on its own meanwhile), so the provider knew it then. A cancelled card the list left out
  // is read so within its refund window.
  const walkBegan = new Date(walk.startedAt);
  for (const card of await cardsToReadOneByOne(db, accountId)) {
    if (listed.has(card.providerCardId!) || (card.lastSyncedAt && card.lastSyncedAt >= walkBegan)) continue;
    await syncOne(db, provider, { id: card.id, providerCardId: card.providerCardId!, currency: card.currency, status: card.status }, summary);
  }
  // So is a card id that transactions name and the listing left out (a list may leave out closed cards).
  await importCardsNamedByTransactions(db, account, provider, summary, listed);
  return summary;
}

/**
 * Reads the card list from where `walk` stands, storing each page's cards as it goes. Returns the ids listed when the
 * list's end was reached; null when the page cap or a failure stopped it first, after saving where to go on from: the
 * last page read, read again. A card created meanwhile goes on the list's end or pushes the others further down, so
 * none is skipped; the page read again covers one removed meanwhile.
 */
async function walkCardList(
  db: Db,
  account: { id: string; organizationId: string; label: string },
  provider: CardProvider,
  walk: WalkPosition,
  options: CardListOptions,
  summary: SyncSummary,
): Promise<Set<string> | null> {
  const mayImport = !(await hasOpenIssueOrder(db, account.id));
  const listed = new Set<string>();
  let cursor = walk.cursor;
  let lastRead = walk.cursor;
  const stopAt = async () =>
    saveWalkCheckpoints(db, { providerAccountId: account.id, checkpoints: [{ listing: CARD_LIST_WALK, readUpTo: null, position: { ...walk, cursor: lastRead } }] });
  try {
    // Going on from the last page read costs a page, so a sync reads at least two to move forward.
    for (let page = 0; page < Math.max(2, options.maxPages ?? MAX_PAGES); page += 1) {
      const readAt = new Date();
      const result = await provider.listCards({ cursor, pageSize: options.pageSize ?? PAGE_SIZE });
      lastRead = cursor;
      for (const remote of result.items) {
        listed.add(remote.providerCardId);
        const known = await findCardByProviderId(db, { providerAccountId: account.id, providerCardId: remote.providerCardId });
        if (known) {
          try {
            if (await applyRemoteCard(db, known, remote, readAt)) summary.updated += 1;
          } catch (error) {
            if (!(error instanceof CurrencyMismatchError)) throw error;
            countFailure(summary, error);
          }
        } else if (mayImport && remote.status !== "failed") {
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
      // A card that reaches Cardhub already closed closed at a time the provider does not give: no date (the card page
      // names none, rather than the import's), and none of the refund window's re-reads, which count from that date.
      closedAt: null,
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

export async function syncAllCards(db: Db, options: CardListOptions = {}): Promise<SyncSummary> {
  const total: SyncSummary = { updated: 0, imported: 0, failed: 0, missing: 0, unfinished: 0 };
  for (const account of await listProviderAccounts(db, { activeOnly: true })) {
    const at = new Date();
    try {
      const summary = await syncAccountCards(db, account.id, options);
      total.updated += summary.updated;
      total.imported += summary.imported;
      total.failed += summary.failed;
      total.missing += summary.missing;
      total.unfinished += summary.unfinished;
      await recordAccountHealth(db, account.id, { ok: true, synced: summary.unfinished === 0 });
      const problems = [
        ...(summary.failed > 0 ? [`${summary.failed} card(s) could not be read: ${summary.lastError}`] : []),
        ...(summary.unfinished > 0 ? ["card list longer than one sync reads: the next sync goes on from where this one stopped"] : []),
      ];
      if (problems.length === 0) await recordSyncSuccess(db, { providerAccountId: account.id, kind: CARDS_SYNC, at });
      else {
        const message = problems.join("; ");
        await recordSyncFailure(db, { providerAccountId: account.id, kind: CARDS_SYNC, at, message: message.charAt(0).toUpperCase() + message.slice(1) });
      }
    } catch (error) {
      total.failed += 1;
      await recordAccountHealth(db, account.id, { ok: false, error: describeProviderFailure(error).message }).catch(() => undefined);
      await recordSyncFailure(db, { providerAccountId: account.id, kind: CARDS_SYNC, at, message: error instanceof Error ? error.message : "unknown error" }).catch(() => undefined);
      console.warn(`[cards] sync of ${account.label} failed: ${error instanceof Error ? error.message : error}`);
    }
  }
  return total;
}
