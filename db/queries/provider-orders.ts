import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { CardModel, OrderType } from "@/lib/providers/types";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { users } from "@/db/schema/users";
import { OPEN_ORDER_STATUSES, providerOrders, type LocalOrderStatus } from "@/db/schema/provider-orders";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { visibilityCondition as cardVisibility } from "./cards";
import { boundedCount, type BoundedCount } from "./bounded-count";

export type ProviderOrderRow = typeof providerOrders.$inferSelect;
export type NewProviderOrder = typeof providerOrders.$inferInsert;

const OPEN = [...OPEN_ORDER_STATUSES];

export async function insertOrder(db: DbOrTx, values: NewProviderOrder): Promise<ProviderOrderRow> {
  const [row] = await db.insert(providerOrders).values(values).returning();
  if (!row) throw new Error("order insert returned nothing");
  return row;
}

export async function findOrder(db: DbOrTx, id: string): Promise<ProviderOrderRow | null> {
  const [row] = await db.select().from(providerOrders).where(eq(providerOrders.id, id)).limit(1);
  return row ?? null;
}

/** Locks the row for the rest of the transaction, so two workers never settle the same order twice. */
export async function lockOrder(db: DbOrTx, id: string): Promise<ProviderOrderRow | null> {
  const [row] = await db.select().from(providerOrders).where(eq(providerOrders.id, id)).for("update").limit(1);
  return row ?? null;
}

export async function updateOrder(db: DbOrTx, id: string, values: Partial<NewProviderOrder>): Promise<ProviderOrderRow> {
  const [row] = await db.update(providerOrders).set({ ...values, updatedAt: new Date() }).where(eq(providerOrders.id, id)).returning();
  if (!row) throw new Error(`order ${id} vanished during update`);
  return row;
}

/** Like updateOrder, but leaves an order that has meanwhile reached its end untouched (returns it as it is). */
export async function updateOpenOrder(db: DbOrTx, id: string, values: Partial<NewProviderOrder>): Promise<ProviderOrderRow | null> {
  const [row] = await db
    .update(providerOrders)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(providerOrders.id, id), inArray(providerOrders.status, OPEN)))
    .returning();
  return row ?? findOrder(db, id);
}

/** Completed orders of one type and amount on a card: what a provider's card history is counted against. */
export async function countCompletedOrders(
  db: DbOrTx,
  params: { cardId: string; type: OrderType; amount: bigint; excludeId: string; completedSince: Date },
): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(providerOrders)
    .where(
      and(
        eq(providerOrders.cardId, params.cardId),
        eq(providerOrders.type, params.type),
        eq(providerOrders.amount, params.amount),
        eq(providerOrders.status, "completed"),
        gte(providerOrders.completedAt, params.completedSince),
        ne(providerOrders.id, params.excludeId),
      ),
    );
  return row?.value ?? 0;
}

/** A card's order as a page cursor: its created_at as exact text (microseconds) and its id as tie-breaker. */
export type CardOrderCursor = { key: string; id: string };

const createdAtText = sql<string>`to_char(${providerOrders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * One page of a card's orders, newest first, older than `before`: limit + 1 rows, so the caller knows whether there
 * are more. Walks provider_orders_card_idx (card_id, created_at desc, id desc) in its order. Exported so a plan test
 * EXPLAINs exactly this statement.
 */
export function cardOrdersPageQuery(db: DbOrTx, params: { cardId: string; before?: CardOrderCursor; limit: number }) {
  const { before } = params;
  return db
    .select({ order: providerOrders, key: createdAtText })
    .from(providerOrders)
    .where(
      and(
        eq(providerOrders.cardId, params.cardId),
        before ? sql`(${providerOrders.createdAt}, ${providerOrders.id}) < (${before.key}::timestamptz, ${before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(providerOrders.createdAt), desc(providerOrders.id))
    .limit(params.limit + 1);
}

/** A page of the card's orders, newest first, and the cursor of the next older page (null when there is none). */
export async function listOrdersForCard(
  db: DbOrTx,
  params: { cardId: string; before?: CardOrderCursor; limit: number },
): Promise<{ rows: ProviderOrderRow[]; older: CardOrderCursor | null }> {
  const picked = await cardOrdersPageQuery(db, params);
  const page = picked.slice(0, params.limit);
  const last = page.at(-1);
  return { rows: page.map((row) => row.order), older: picked.length > params.limit && last ? { key: last.key, id: last.order.id } : null };
}

/**
 * The card's open orders (placed, pending or in review), newest first, however old: few by rule (lib/cards/
 * open-order-rule.ts), read through the card's index; the bound only guards the page against a broken rule.
 */
export async function listOpenOrdersForCard(db: DbOrTx, params: { cardId: string; limit: number }): Promise<ProviderOrderRow[]> {
  return db
    .select()
    .from(providerOrders)
    .where(and(eq(providerOrders.cardId, params.cardId), inArray(providerOrders.status, OPEN)))
    .orderBy(desc(providerOrders.createdAt), desc(providerOrders.id))
    .limit(params.limit);
}

/** The card's open order of this type (placed, pending or in review), if any. */
export async function findOpenOrder(db: DbOrTx, cardId: string, type: ProviderOrderRow["type"]): Promise<ProviderOrderRow | null> {
  const [row] = await db
    .select()
    .from(providerOrders)
    .where(and(eq(providerOrders.cardId, cardId), inArray(providerOrders.status, OPEN), eq(providerOrders.type, type)))
    .limit(1);
  return row ?? null;
}

export async function hasOpenOrder(db: DbOrTx, cardId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: providerOrders.id })
    .from(providerOrders)
    .where(and(eq(providerOrders.cardId, cardId), inArray(providerOrders.status, OPEN)))
    .limit(1);
  return !!row;
}

/** The types of the card's open orders (placed, pending or in review): few by nature, read by the card index. */
export async function listOpenOrderTypes(db: DbOrTx, cardId: string): Promise<OrderType[]> {
  const rows = await db
    .selectDistinct({ type: providerOrders.type })
    .from(providerOrders)
    .where(and(eq(providerOrders.cardId, cardId), inArray(providerOrders.status, OPEN)));
  return rows.map((row) => row.type);
}

export type OpenOrderOfCard = { type: OrderType; status: LocalOrderStatus; byName: string | null };

/** The card's open orders (in progress, or waiting for review), oldest first, each with the name of who placed it. */
export async function listOpenOrdersOfCard(db: DbOrTx, cardId: string): Promise<OpenOrderOfCard[]> {
  return db
    .select({ type: providerOrders.type, status: providerOrders.status, byName: users.name })
    .from(providerOrders)
    .leftJoin(users, eq(providerOrders.createdByUserId, users.id))
    .where(and(eq(providerOrders.cardId, cardId), inArray(providerOrders.status, OPEN)))
    .orderBy(providerOrders.createdAt, providerOrders.id);
}

/**
 * Ended orders whose card's read after the end is still owed since before `before` (card_read_due_at): what the
 * reconcile job has followed after a crash between an end and its read. Read through the partial index, oldest first.
 */
export async function listOrdersOwingCardRead(db: DbOrTx, params: { before: Date; limit: number }): Promise<{ id: string }[]> {
  return db
    .select({ id: providerOrders.id })
    .from(providerOrders)
    .where(and(isNotNull(providerOrders.cardReadDueAt), lte(providerOrders.cardReadDueAt, params.before)))
    .orderBy(providerOrders.cardReadDueAt)
    .limit(params.limit);
}

/**
 * The card's read after the order's end is done (or handed to a job of its own). MONEY: updated_at is left as it is,
 * for it is what a later follow-up compares the card's last read with (follow-order.ts cardUnreadSinceEnd).
 */
export async function clearCardReadDue(db: DbOrTx, id: string): Promise<void> {
  await db.update(providerOrders).set({ cardReadDueAt: null }).where(and(eq(providerOrders.id, id), isNotNull(providerOrders.cardReadDueAt)));
}

/** Orders whose outcome we still owe: what the reconcile job re-checks after a crash or restart. */
export async function listDueOrders(db: DbOrTx, params: { now: Date; limit: number }): Promise<ProviderOrderRow[]> {
  return db
    .select()
    .from(providerOrders)
    .where(
      and(
        inArray(providerOrders.status, OPEN),
        or(isNull(providerOrders.nextCheckAt), lte(providerOrders.nextCheckAt, params.now)),
      ),
    )
    .orderBy(providerOrders.createdAt)
    .limit(params.limit);
}

/**
 * Claims a created order for one submission attempt and returns it as claimed (null when the claim failed). Only one
 * caller wins, so two followers (the follow job, an approved request's executor, the reconciler, a repeated
 * submission) can never both send it: the claim needs the attempts the caller read and no live lease. next_check_at
 * is that lease while a submission is in flight, and the backoff after a lost answer; a lease whose holder died
 * simply runs out, and the order is taken over.
 */
export async function claimOrderSubmission(db: DbOrTx, params: { id: string; attempts: number; leaseUntil: Date }): Promise<ProviderOrderRow | null> {
  const [row] = await db
    .update(providerOrders)
    .set({ attempts: params.attempts + 1, nextCheckAt: params.leaseUntil, updatedAt: new Date() })
    .where(
      and(
        eq(providerOrders.id, params.id),
        eq(providerOrders.status, "created"),
        eq(providerOrders.attempts, params.attempts),
        or(isNull(providerOrders.nextCheckAt), lte(providerOrders.nextCheckAt, sql`now()`)),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Renews a submission's lease (and stamps a send) only while that submission still holds the order: still created,
 * and claimed by nobody since (each claim counts an attempt). Null when it lost the order, say to a follower that took
 * over once its lease ran out while it stalled: it must then send nothing.
 */
export async function holdOrderSubmission(
  db: DbOrTx,
  params: { id: string; attempts: number; values: Pick<NewProviderOrder, "nextCheckAt" | "lastSubmittedAt"> },
): Promise<ProviderOrderRow | null> {
  const [row] = await db
    .update(providerOrders)
    .set({ ...params.values, updatedAt: new Date() })
    .where(and(eq(providerOrders.id, params.id), eq(providerOrders.status, "created"), eq(providerOrders.attempts, params.attempts)))
    .returning();
  return row ?? null;
}

export async function hasOpenIssueOrder(db: DbOrTx, providerAccountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: providerOrders.id })
    .from(providerOrders)
    .where(and(eq(providerOrders.providerAccountId, providerAccountId), eq(providerOrders.type, "issue"), inArray(providerOrders.status, OPEN)))
    .limit(1);
  return !!row;
}

export type OrderNeedingReview = ProviderOrderRow & {
  card: { id: string; alias: string; organizationId: string; ownerUserId: string | null; teamId: string | null } | null;
};

/**
 * Orders whose outcome stayed unknown past the deadline, on cards the viewer may see, for the overview (few by nature;
 * walks provider_orders_open_idx, or the viewer's cards by the owner and team indexes). The visibility is applied here,
 * before the limit: filtered afterwards, the organisation's first rows could crowd out every one the viewer may see.
 */
export async function listOrdersNeedingReview(
  db: DbOrTx,
  params: { organizationId: string; visibility: VisibilityFilter; limit: number },
): Promise<OrderNeedingReview[]> {
  const rows = await db
    .select({ order: providerOrders, card: { id: cards.id, alias: cards.alias, organizationId: cards.organizationId, ownerUserId: cards.ownerUserId, teamId: cards.teamId } })
    .from(providerOrders)
    .innerJoin(cards, eq(cards.id, providerOrders.cardId))
    .where(needsReviewCondition(params))
    .orderBy(providerOrders.nextCheckAt)
    .limit(params.limit);
  return rows.map((row) => ({ ...row.order, card: row.card }));
}

function needsReviewCondition(params: { organizationId: string; visibility: VisibilityFilter }) {
  return and(
    eq(providerOrders.status, "needs_review"),
    eq(providerOrders.organizationId, params.organizationId),
    eq(cards.organizationId, params.organizationId),
    cardVisibility(params.visibility),
  );
}

/** How many orders need review on the cards the viewer may see, up to `cap` (provider_orders_open_idx). */
export async function countOrdersNeedingReview(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter; cap: number }): Promise<BoundedCount> {
  const rows = db
    .select({ id: providerOrders.id })
    .from(providerOrders)
    .innerJoin(cards, eq(cards.id, providerOrders.cardId))
    .where(needsReviewCondition(params))
    .limit(params.cap + 1);
  return boundedCount(db, rows, params.cap);
}

export type LastChargedOrder = { orderId: string; productId: string; cardModel: CardModel; type: OrderType; fee: bigint; currency: string; completedAt: Date };

/** Per product, card model and order type of an account: the last completed order that states its fee. */
export async function lastChargedOrders(db: DbOrTx, params: { providerAccountId: string; types: readonly OrderType[] }): Promise<LastChargedOrder[]> {
  const rows = await db
    .selectDistinctOn([cards.productId, cards.cardModel, providerOrders.type], {
      orderId: providerOrders.id,
      productId: cards.productId,
      cardModel: cards.cardModel,
      type: providerOrders.type,
      fee: providerOrders.fee,
      // The fee's own currency: what the next order is quoted in.
      currency: providerOrders.feeCurrency,
      completedAt: providerOrders.completedAt,
    })
    .from(providerOrders)
    .innerJoin(cards, eq(cards.id, providerOrders.cardId))
    .where(
      and(
        eq(providerOrders.providerAccountId, params.providerAccountId),
        eq(providerOrders.status, "completed"),
        isNotNull(providerOrders.fee),
        isNotNull(cards.productId),
        inArray(providerOrders.type, [...params.types]),
      ),
    )
    .orderBy(cards.productId, cards.cardModel, providerOrders.type, desc(providerOrders.completedAt), desc(providerOrders.id));
  return rows.flatMap((row) =>
    row.productId && row.fee !== null && row.currency && row.completedAt ? [{ ...row, productId: row.productId, fee: row.fee, currency: row.currency, completedAt: row.completedAt }] : [],
  );
}
