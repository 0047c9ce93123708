import type { Tx } from "@/db/client";
import { CLOSED_CARD_STATUSES, listClosedCardsToReadBack, listSyncableCards, recordTransactionsRead, type CardRow } from "@/db/queries/card-updates";
import {
  getTransactionSyncState,
  recordTransactionSyncError,
  saveTransactionSyncState,
  type PageWalk,
  type SyncProgress,
} from "@/db/queries/transactions-sync";
import { listClosedCardsDue } from "@/lib/cards/closed-card-reads";
import { formatUtcDate } from "@/lib/format";
import type { TransactionQuery } from "@/lib/providers/types";
import { CardReadFailures } from "./card-read-failures";
import { providerTimeOf } from "./occurred-at";
import { perCardReadOrder } from "./per-card-order";
import { laterDate, laterIso, MAX_PAGES_PER_RUN, newSweepStart, PAGE_SIZE, writePage, type SyncContext } from "./sync-context";
import { addDays, backfillFloor, latestLocalDate, SWEEP_OVERLAP_DAYS } from "./sync-window";

export const MAX_PAGES_PER_CARD = 20;

type Walk = {
  query: TransactionQuery;
  resume: PageWalk | undefined;
  maxPages: number;
  /** For a list without a date filter (NobePay): only rows since then are written. */
  since?: Date;
  /**
   * NobePay's sweep: the walk ends at the first page whose rows are all older than `since`, past which a newest-first
   * list holds nothing newer. Otherwise the walk reads the list to its end.
   */
  stopAtSince?: boolean;
  /** Persists the walk in the page's own transaction: where to resume, or null once it is over. */
  save: (tx: Tx, walk: PageWalk | null, latestAt: Date | null) => Promise<void>;
};

/**
 * Walks a page-numbered list (the page number is the adapter's cursor) for at most maxPages requests, starting again at
 * the last page written: true once the walk is over, false when the cap stopped it.
 *
 * New rows push older ones to later pages, which only repeats a few. Rows that leave the list (or move up it) before
 * the resume point pull unread ones onto earlier pages, where resuming at the same page number would skip them. So
 * the resumed page must overlap what was read: hold a row of the last page written, or start later than the oldest
 * time reached (strictly: Card OPEN-API's times are whole seconds, shared by many rows); else the walk steps back.
 * A walk saved by an earlier version while reading NobePay's list backwards from its end (`fromEnd`) resumes as any
 * other, forward from its page.
 */
export async function walkPages(context: SyncContext, walk: Walk): Promise<boolean> {
  const { db, provider, options } = context;
  let page = walk.resume?.page ?? 1;
  let reachedAt = walk.resume?.reachedAt ? new Date(walk.resume.reachedAt) : null;
  let overlapWith = page > 1 ? new Set(walk.resume?.pageIds) : null;
  for (let asked = 1; asked <= walk.maxPages; asked += 1) {
    const readAt = new Date();
    const result = await provider.listTransactions({ ...walk.query, cursor: String(page), pageSize: options.pageSize ?? PAGE_SIZE });
    // Newest first by the provider's time is assumed, never documented: cardopenapi.md names the trade list without
    // specifying it; nobepay.md states no order, and its one example page is by preAuthTime descending with the refund
    // (no preAuthTime, the page's newest time) last. The sandbox's NobePay lists in either order.
    const times = result.items.map(providerTimeOf).filter((at): at is Date => at !== null).map((at) => at.getTime());
    const newest = times.length > 0 ? Math.max(...times) : null;
    if (overlapWith && page > 1) {
      const overlaps =
        result.items.some((item) => overlapWith!.has(item.providerTransactionId)) ||
        (reachedAt !== null && newest !== null && newest > reachedAt.getTime());
      if (!overlaps) {
        page -= 1;
        continue;
      }
    }
    overlapWith = null;
    const oldest = times.length > 0 ? new Date(Math.min(...times)) : null;
    if (oldest && (!reachedAt || oldest < reachedAt)) reachedAt = oldest;
    const since = walk.since;
    const items = since ? result.items.filter((item) => (providerTimeOf(item) ?? since) >= since) : result.items;
    const allOlder = walk.stopAtSince === true && since !== undefined && newest !== null && newest < since.getTime();
    const over = !result.nextCursor || allOlder;
    const position = { page, pageIds: result.items.map((item) => item.providerTransactionId), reachedAt: reachedAt?.toISOString() };
    await db.transaction(async (tx) => {
      const latestAt = await writePage(tx, context, { items, skipped: result.skipped }, readAt);
      await options.afterPageWritten?.({ number: asked, cursor: String(page) });
      await walk.save(tx, over ? null : position, latestAt);
    });
    if (over) return true;
    page += 1;
  }
  return false;
}

/**
 * Card OPEN-API's trade list: the whole account since shortly before the last sweep. A sweep can span several runs;
 * its window stays the one it began with, and lastSeenAt moves only once the list is exhausted. True once it is.
 */
export async function pullTradeList(context: SyncContext): Promise<boolean> {
  const { db, account, lease } = context;
  const saved = await getTransactionSyncState(db, account.id);
  let state: SyncProgress = saved?.state ?? {};
  if (!state.windowFrom || !state.windowTo) {
    const windowFrom = await newSweepStart(context, saved?.lastSeenAt ?? null);
    state = { windowFrom, windowTo: latestLocalDate(context.options.now ?? new Date()) };
  }
  return walkPages(context, {
    query: { from: state.windowFrom, to: state.windowTo },
    resume: state.walk,
    maxPages: MAX_PAGES_PER_RUN,
    save: async (tx, walk, latestAt) => {
      const windowLatestAt = laterIso(state.windowLatestAt, latestAt);
      if (walk) {
        state = { ...state, walk, windowLatestAt };
        await saveTransactionSyncState(tx, lease, { state });
      } else {
        const lastSeenAt = laterDate(saved?.lastSeenAt ?? null, windowLatestAt);
        await saveTransactionSyncState(tx, lease, { state: {}, lastSeenAt, succeeded: true });
      }
    },
  });
}

function only<T>(record: Record<string, T> | undefined, keep: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => keep(key)));
}

/**
 * How long before a sweep's first listing of cards its sweepListedAt is set: a card whose import was under way at the
 * listing (created_at is its transaction's start, and the clocks of app and database differ a little) counts as taken
 * in after it, so it is read from the floor once more rather than never.
 */
const LISTING_MARGIN_MS = 10 * 60_000;

/**
 * The first day a read of a closed card must reach: its last read's (or, never read since it closed, its close's, when
 * it was last read open), less the sweeps' overlap. The sweep's own start moves on with the account's newest row, past
 * a closed card's last read when it was not read for a while: a refund made meanwhile would be left out.
 */
function closedCardReadFrom(card: CardRow): string | undefined {
  const lastRead = card.transactionsReadAt ?? card.closedAt;
  return lastRead ? addDays(formatUtcDate(lastRead), -SWEEP_OVERLAP_DAYS) : undefined;
}

/**
 * The first day a card's read must reach once the provider knows it again: the start its read needed when it was first
 * left out (`readFrom`, its progress then), or the sweeps' overlap before the provider stopped knowing it, whichever is
 * earlier. Derived from the card row on every run while the mark stands and kept in cardsBehind, which is saved with
 * the run's progress: lastSeenAt (and with it the sweep's start) only moves on in the save that ends a sweep, which
 * carries it, so no sweep can move past a card's missing period without it, whenever the mark clears.
 */
function owedWhileMissing(card: CardRow & { providerMissingSince: Date }, readFrom: string): string {
  return earliest([readFrom, addDays(formatUtcDate(card.providerMissingSince), -SWEEP_OVERLAP_DAYS)]);
}

function earliest(days: readonly (string | undefined)[]): string {
  return days.filter((day): day is string => day !== undefined).reduce((a, b) => (a < b ? a : b));
}

/**
 * NobePay lists one card at a time, in no documented order, with no date filter: the backstop for webhooks that never
 * arrived. Each card is read up to its first page whose rows are all older than the read's start (walkPages,
 * stopAtSince), so an idle card costs a page or two a sweep, however long its history. That takes the list as newest
 * first; the document's example lists a refund, its newest row, after all the others. A refund whose webhook was lost
 * and that the list puts past that page (one older than the sweep's start, or any in the example's order) is found by
 * the daily re-read, which reads every card's whole list (deep-reread.ts): within a day.
 * Open cards are read on every run. A closed (cancelled or expired) card is read as the card sync reads it
 * (lib/cards/closed-card-reads.ts): at most hourly for the refund window after it closed, since refunds and chargebacks
 * reach it for months, then no more; each of those reads starts no later than the last one (closedCardReadFrom), and
 * cards.transactions_read_at records it once the card's list is read through.
 * Cards the provider no longer knows (provider_missing_since) are not asked; each keeps the start its next read needs
 * (cardsBehind, see owedWhileMissing), so that once the provider knows it again that read goes back over the period it
 * was left out. A card whose read fails, at the provider or
 * inside Cardhub, is recorded as the account's last error and skipped (CardReadFailures: unless the failure is not the
 * card's, which ends the run); its page rolls back whole, and it keeps the start it still needs (cardsBehind) into
 * later sweeps, while the other cards move on. Such a sweep advances lastSeenAt but does not count as succeeded, so
 * last_success_at and the error stay until every card but the missing ones has been read. A card Cardhub took in after the last finished sweep listed the cards
 * (a card sync imports at most a few thousand cards a run) is read back to the backfill floor, as the first sweep read
 * the others, closed or not.
 */
export async function pullPerCard(context: SyncContext): Promise<boolean> {
  const { db, account, lease } = context;
  const saved = await getTransactionSyncState(db, account.id);
  let state: SyncProgress = saved?.state ?? {};
  // The cards no finished sweep has read back: those taken in since the last one listed the cards. On a first pull
  // that is every card; so it is for an account pulled before Cardhub kept that time, which cannot tell them apart.
  const takenInSince = state.cardsCoveredBefore ? new Date(state.cardsCoveredBefore) : null;
  const notReadBack = await listClosedCardsToReadBack(db, {
    providerAccountId: account.id,
    takenInSince,
    providerCardIds: [...Object.keys(state.cardsBehind ?? {}), ...Object.keys(state.cardWalks ?? {})],
  });
  const due = await listClosedCardsDue(db, { providerAccountId: account.id, read: "transactions" });
  const listed = [...(await listSyncableCards(db, { providerAccountId: account.id })), ...notReadBack, ...due];
  const cards = perCardReadOrder(listed);
  const known = new Set(cards.map((card) => card.providerCardId!));
  const missing = listed.filter(
    (card): card is CardRow & { providerMissingSince: Date } => card.providerCardId !== null && card.providerMissingSince !== null,
  );
  const missingIds = new Set(missing.map((card) => card.providerCardId!));
  if (!state.windowFrom)
    state = {
      cardsBehind: state.cardsBehind,
      cardsCoveredBefore: state.cardsCoveredBefore,
      windowFrom: await newSweepStart(context, saved?.lastSeenAt ?? null),
      sweepListedAt: new Date(Date.now() - LISTING_MARGIN_MS).toISOString(),
    };
  state = {
    ...state,
    cardWalks: only(state.cardWalks, (id) => known.has(id)),
    cardsBehind: only(state.cardsBehind, (id) => known.has(id) || missingIds.has(id)),
  };
  const floor = backfillFloor(new Date());
  const failures = new CardReadFailures(account.label);
  // The first day a read of the card must reach in this sweep.
  const readFrom = (card: CardRow): string => {
    // A card no finished sweep has read back: NobePay sends webhooks only for new events, so its older transactions
    // come from this read or never.
    const firstRead = takenInSince === null || card.createdAt >= takenInSince;
    const closed = CLOSED_CARD_STATUSES.includes(card.status);
    const closedFrom = closed ? closedCardReadFrom(card) : undefined;
    return earliest([state.windowFrom!, state.cardsBehind?.[card.providerCardId!], firstRead ? floor : undefined, closedFrom]);
  };
  if (missing.length > 0) {
    const owed = Object.fromEntries(missing.map((card) => [card.providerCardId!, owedWhileMissing(card, readFrom(card))]));
    state = { ...state, cardsBehind: { ...state.cardsBehind, ...owed } };
  }

  for (const card of cards) {
    const id = card.providerCardId!;
    const resume = state.cardWalks?.[id];
    if (!resume && state.cardsDoneThrough !== undefined && id <= state.cardsDoneThrough) continue;
    const closed = CLOSED_CARD_STATUSES.includes(card.status);
    const from = readFrom(card);
    // When this read began: now, or for a walk resumed from an earlier run, when its sweep listed the cards.
    const readSince = resume ? new Date(state.sweepListedAt ?? `${state.windowFrom!}T00:00:00Z`) : new Date();
    try {
      await walkPages(context, {
        query: { cardId: id },
        resume,
        maxPages: MAX_PAGES_PER_CARD,
        since: new Date(`${from}T00:00:00Z`),
        // Bounded, every minute: the daily re-read reads whole lists, for the rows listed past this read's end.
        stopAtSince: true,
        save: async (tx, walk, latestAt) => {
          const cardWalks = only(state.cardWalks, (key) => key !== id);
          state = {
            ...state,
            cardWalks: walk ? { ...cardWalks, [id]: walk } : cardWalks,
            cardsBehind: walk ? state.cardsBehind : only(state.cardsBehind, (key) => key !== id),
            windowLatestAt: laterIso(state.windowLatestAt, latestAt),
          };
          await saveTransactionSyncState(tx, lease, { state });
          if (!walk && closed) await recordTransactionsRead(tx, card.id, readSince);
        },
      });
      failures.read();
    } catch (error) {
      const failure = failures.charge(error, { alias: card.alias, providerCardId: id });
      state = {
        ...state,
        cardWalks: only(state.cardWalks, (key) => key !== id),
        cardsBehind: { ...state.cardsBehind, [id]: from },
      };
      await recordTransactionSyncError(db, lease, failure);
    }
    state = { ...state, cardsDoneThrough: state.cardsDoneThrough && state.cardsDoneThrough > id ? state.cardsDoneThrough : id };
    await saveTransactionSyncState(db, lease, { state });
  }

  // A card the page cap stopped goes on next run: the sweep is not over until every card's list is exhausted.
  if (Object.keys(state.cardWalks ?? {}).length > 0) return false;
  const cardsBehind = state.cardsBehind ?? {};
  // A card still missing is owed a read, not failing one: it does not keep the sweep from counting as succeeded.
  const anyBehind = Object.keys(cardsBehind).some((id) => !missingIds.has(id));
  await saveTransactionSyncState(db, lease, {
    state: { ...(Object.keys(cardsBehind).length > 0 ? { cardsBehind } : {}), cardsCoveredBefore: state.sweepListedAt ?? state.cardsCoveredBefore },
    lastSeenAt: laterDate(saved?.lastSeenAt ?? null, state.windowLatestAt),
    succeeded: !anyBehind,
  });
  return true;
}
