import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { listOpenOrdersForCard, listOrdersForCard, type CardOrderCursor, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { cursorTimestamp } from "@/lib/lists/cursor-timestamp";
import { cursorParam, encodeCursor, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { uuidSchema } from "@/lib/validation/uuid";

/** The card page's "Provider requests" shows this many at a time, newest first; "Older requests" leads on. */
export const CARD_ORDERS_PAGE_SIZE = 50;

/** More open orders than the open-order rule ever lets a card have: a bound on the page, not a cut of real ones. */
const OPEN_ORDERS_BOUND = 20;

const PARAM = "requestsBefore";

const FIELD_SCHEMAS = {
  [PARAM]: cursorParam(z.object({ key: cursorTimestamp(), id: uuidSchema() }).strict()),
};

/** The card page's `requestsBefore` parameter: a page of older requests, or (dropped with a notice) the newest. */
export function parseOlderRequestsParam(raw: RawSearchParams): { before?: CardOrderCursor; ignored: IgnoredParam<typeof PARAM>[] } {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, { [PARAM]: "Older requests" });
  return { before: values[PARAM], ignored };
}

/** The query string of the page of requests older than `cursor`. */
export function olderRequestsParam(cursor: CardOrderCursor): string {
  return `?${new URLSearchParams({ [PARAM]: encodeCursor(cursor) }).toString()}`;
}

export type CardPageOrders = {
  /** The page of the card's requests shown, newest first. */
  shown: ProviderOrderRow[];
  /** Where the next older page starts; null when `shown` reaches the card's first request. */
  older: CardOrderCursor | null;
  /** Placed or pending, newest first, however old: what the page follows and what a new change waits for. */
  open: ProviderOrderRow[];
  /** In review, oldest first, however old: what the page asks finance to resolve. */
  inReview: ProviderOrderRow[];
};

/**
 * The requests the card page lists (one page, newest first or older than `before`) and, read apart from that page so
 * none is missed on an older page or behind 50 newer ones, the card's open ones.
 */
export async function cardPageOrders(db: DbOrTx, params: { cardId: string; before?: CardOrderCursor }): Promise<CardPageOrders> {
  const [page, openOrders] = await Promise.all([
    listOrdersForCard(db, { cardId: params.cardId, before: params.before, limit: CARD_ORDERS_PAGE_SIZE }),
    listOpenOrdersForCard(db, { cardId: params.cardId, limit: OPEN_ORDERS_BOUND }),
  ]);
  return {
    shown: page.rows,
    older: page.older,
    open: openOrders.filter((order) => order.status === "created" || order.status === "pending"),
    inReview: openOrders.filter((order) => order.status === "needs_review").reverse(),
  };
}
