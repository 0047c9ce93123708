import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardCurrencies } from "@/db/schema/card-currencies";
import { CARD_BALANCE_SORT_KEY, cards } from "@/db/schema/cards";
import { products } from "@/db/schema/products";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { teams } from "@/db/schema/teams";
import { users } from "@/db/schema/users";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import type { CardStatus } from "@/lib/providers/types";
import { containsPattern } from "./contains-pattern";
import { keysetPage } from "@/lib/lists/keyset-page";

export const CARD_SORT_FIELDS = ["created", "alias", "balance"] as const;
export type CardSortField = (typeof CARD_SORT_FIELDS)[number];
export type SortDirection = "asc" | "desc";
export type CardSort = { field: CardSortField; direction: SortDirection };

export type CardListFilters = {
  provider?: ProviderName;
  status?: CardStatus;
  ownerUserId?: string;
  teamId?: string;
  currency?: string;
  /** Alias (substring), last four digits, or owner name (substring). */
  q?: string;
};

/** The sort key of a row as text (exact: microsecond timestamps, bigint balances) plus its id as tie-breaker. */
export type CardCursor = { key: string; id: string };

export type CardListRow = {
  id: string;
  alias: string;
  tags: string[];
  maskedNumber: string | null;
  last4: string | null;
  ownerUserId: string | null;
  ownerName: string | null;
  teamId: string | null;
  teamName: string | null;
  provider: ProviderName;
  accountLabel: string;
  /** Whether the card's provider account is enabled (what CardForActions and the request rules read). */
  accountActive: boolean;
  cardModel: (typeof cards.$inferSelect)["cardModel"];
  /** The provider's name for the card's product; productDisplayName is the one an administrator gave it (lib/products/product-label.ts). */
  productName: string | null;
  productDisplayName: string | null;
  status: CardStatus;
  /** The provider's own status (a Card OPEN-API card reported lost reads as frozen: lib/cards/reported-lost.ts). */
  providerStatus: string | null;
  /** Set while the provider answers "card not found" (shown as "Not found at provider"). */
  providerMissingSince: Date | null;
  /** Set while the provider reports this cancelled card open (shown as "Open at provider"). */
  providerReopenedSince: Date | null;
  currency: string;
  balance: bigint | null;
  limitPerTransaction: bigint | null;
  limitLifetime: bigint | null;
  limitUsed: bigint | null;
  createdAt: Date;
  /** The card row's last change: the open list's version (lib/cards/cards-list-version.ts). */
  updatedAt: Date;
  /** Who issued it here; null for a card imported from its provider. */
  createdByUserId: string | null;
};

export type CardListPage = {
  rows: CardListRow[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: CardCursor | null;
  /** Pass as `before` for the previous page; null on the first page. */
  previousCursor: CardCursor | null;
};

export type CardListParams = {
  organizationId: string;
  visibility: VisibilityFilter;
  filters: CardListFilters;
  sort: CardSort;
  after?: CardCursor;
  before?: CardCursor;
  limit: number;
};

/** The ordered expression and its exact text form, so a cursor compares equal to the row it came from. */
function sortKey(field: CardSortField): { expression: SQL; text: SQL } {
  switch (field) {
    case "created":
      return {
        expression: sql`${cards.createdAt}`,
        text: sql<string>`to_char(${cards.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      };
    case "alias":
      return { expression: sql`lower(${cards.alias})`, text: sql<string>`lower(${cards.alias})` };
    case "balance":
      return { expression: CARD_BALANCE_SORT_KEY(cards.balance, cards.cardModel), text: sql<string>`${CARD_BALANCE_SORT_KEY(cards.balance, cards.cardModel)}::text` };
  }
}

function cursorValue(field: CardSortField, key: string): SQL {
  switch (field) {
    case "created":
      return sql`${key}::timestamptz`;
    case "alias":
      return sql`${key}::text`;
    case "balance":
      return sql`${key}::bigint`;
  }
}

export function visibilityCondition(visibility: VisibilityFilter): SQL | undefined {
  if (visibility.all) return undefined;
  const own = eq(cards.ownerUserId, visibility.ownerUserId);
  return visibility.teamIds.length > 0 ? or(own, inArray(cards.teamId, [...visibility.teamIds])) : own;
}

/**
 * An OR across columns cannot walk one index in list order, so each alternative of the visibility (own cards, one
 * branch per managed team) and of the search (alias, owner name, last four) becomes a branch of its own that can; the
 * branches never need more than one page each, and a UNION of them is the page.
 */
function visibilityBranches(visibility: VisibilityFilter): SQL[][] {
  if (visibility.all) return [[]];
  const own = eq(cards.ownerUserId, visibility.ownerUserId);
  const teams = [...new Set(visibility.teamIds)].map((teamId) => [eq(cards.teamId, teamId), sql`${cards.ownerUserId} is distinct from ${visibility.ownerUserId}::uuid`]);
  return [[own], ...teams];
}

/**
 * Within one person's or one team's cards (a scoped branch) the alias is matched by reading those cards newest first,
 * not through the trigram index: for a common word the trigram index yields every matching card of the organisation
 * before the scope narrows it (a manager's alias search read 23,810 index entries, 53 ms, at a million cards, to find
 * the matches among their team's 5,000), while a team's cards are a bounded read. lower() … like lower() matches as
 * ilike does, and no trigram index serves it.
 */
function searchBranches(organizationId: string, q: string | undefined, scoped: boolean): SQL[][] {
  if (!q) return [[]];
  const pattern = containsPattern(q);
  const owners = sql`(select ${users.id} from ${users} where ${users.organizationId} = ${organizationId} and ${users.name} ilike ${pattern})`;
  const alias = scoped ? sql`lower(${cards.alias}) like lower(${pattern})` : ilike(cards.alias, pattern);
  const branches: SQL[][] = [[alias], [sql`${cards.ownerUserId} in ${owners}`]];
  if (/^\d{4}$/.test(q)) branches.push([eq(cards.last4, q)]);
  return branches;
}

function filterConditions(params: Pick<CardListParams, "organizationId" | "filters">): SQL[] {
  const { filters, organizationId } = params;
  const conditions: SQL[] = [eq(cards.organizationId, organizationId)];
  if (filters.provider) {
    const accounts = sql`(select ${providerAccounts.id} from ${providerAccounts}
      where ${providerAccounts.organizationId} = ${organizationId} and ${providerAccounts.provider} = ${filters.provider})`;
    conditions.push(sql`${cards.providerAccountId} in ${accounts}`);
  }
  if (filters.status) conditions.push(eq(cards.status, filters.status));
  if (filters.ownerUserId) conditions.push(eq(cards.ownerUserId, filters.ownerUserId));
  if (filters.teamId) conditions.push(eq(cards.teamId, filters.teamId));
  if (filters.currency) conditions.push(eq(cards.currency, filters.currency));
  return conditions;
}

const listColumns = {
  id: cards.id,
  alias: cards.alias,
  tags: cards.tags,
  maskedNumber: cards.maskedNumber,
  last4: cards.last4,
  ownerUserId: cards.ownerUserId,
  ownerName: users.name,
  teamId: cards.teamId,
  teamName: teams.name,
  provider: providerAccounts.provider,
  accountLabel: providerAccounts.label,
  accountActive: providerAccounts.active,
  cardModel: cards.cardModel,
  productName: products.name,
  productDisplayName: products.displayName,
  status: cards.status,
  providerStatus: cards.providerStatus,
  providerMissingSince: cards.providerMissingSince,
  providerReopenedSince: cards.providerReopenedSince,
  currency: cards.currency,
  balance: cards.balance,
  limitPerTransaction: cards.limitPerTransaction,
  limitLifetime: cards.limitLifetime,
  limitUsed: cards.limitUsed,
  createdAt: cards.createdAt,
  updatedAt: cards.updatedAt,
  createdByUserId: cards.createdByUserId,
};

/**
 * The statement that picks one page of card ids (plus each row's sort key as text, for cursors): limit + 1 rows so
 * the caller knows whether there is more. Exported so `npm run bench` times and EXPLAINs exactly this statement.
 */
export function cardPageQuery(params: CardListParams): SQL {
  const { field, direction } = params.sort;
  // MONEY: minor units of two currencies are not comparable (¥10,000 and $100.00 are both 10000), so balances are only
  // ranked within one currency; lib/cards/list-search.ts (rankBalancesInOneCurrency) picks it for the page.
  if (field === "balance" && !params.filters.currency) throw new Error("Sorting cards by balance needs a currency filter.");
  const key = sortKey(field);
  const backwards = params.before !== undefined;
  const cursor = params.before ?? params.after;
  const common = filterConditions(params);
  if (cursor) {
    // Forward in "desc" (or backward in "asc") means rows whose key sorts lower.
    const lower = (direction === "desc") !== backwards;
    const value = cursorValue(field, cursor.key);
    common.push(lower ? sql`(${key.expression}, ${cards.id}) < (${value}, ${cursor.id}::uuid)` : sql`(${key.expression}, ${cards.id}) > (${value}, ${cursor.id}::uuid)`);
  }
  const ascending = (direction === "asc") !== backwards;
  const order = ascending ? sql`asc` : sql`desc`;
  const limit = params.limit + 1;
  const branches = visibilityBranches(params.visibility).flatMap((scope) =>
    searchBranches(params.organizationId, params.filters.q, scope.length > 0).map((search) => [...common, ...scope, ...search]),
  );
  const selects = branches.map(
    (conditions) =>
      sql`select ${cards.id} as id, ${key.expression} as sort_value, ${key.text} as sort_key from ${cards}
        where ${and(...conditions)} order by ${key.expression} ${order}, ${cards.id} ${order} limit ${limit}`,
  );
  if (selects.length === 1) return selects[0]!;
  const union = sql.join(
    selects.map((select) => sql`(${select})`),
    sql` union `,
  );
  return sql`select id, sort_value, sort_key from (${union}) as branches order by sort_value ${order}, id ${order} limit ${limit}`;
}

/**
 * The ids of every card the visibility and filters allow, as a UNION of the same index-able branches as the list, for
 * other lists that scope by card (transactions) to use as `card_id in (…)` without a scan of all cards.
 */
export function cardIdsQuery(params: Pick<CardListParams, "organizationId" | "visibility" | "filters">): SQL {
  const common = filterConditions(params);
  const selects = visibilityBranches(params.visibility).flatMap((scope) =>
    searchBranches(params.organizationId, params.filters.q, scope.length > 0).map((search) => sql`select ${cards.id} from ${cards} where ${and(...common, ...scope, ...search)}`),
  );
  return sql.join(selects, sql` union `);
}

/** The ids of one page of cards, in the list's order, and the cursors either side of it (cardPageQuery). */
export async function pickCardPage(db: DbOrTx, params: CardListParams): Promise<{ ids: string[]; nextCursor: CardCursor | null; previousCursor: CardCursor | null }> {
  const cursor = params.before ?? params.after;
  const picked = await db.execute<{ id: string; sort_key: string }>(cardPageQuery(params));
  const { rows, nextCursor, previousCursor } = keysetPage(picked.rows, {
    limit: params.limit,
    backwards: params.before !== undefined,
    fromCursor: cursor !== undefined,
    toCursor: (row): CardCursor => ({ key: row.sort_key, id: row.id }),
  });
  return { ids: rows.map((row) => row.id), nextCursor, previousCursor };
}

/**
 * One page of the cards the visibility allows, keyset-paginated on (sort key, id): never OFFSET, so page 400 costs
 * what page 1 costs and rows inserted meanwhile never shift a page.
 */
export async function listCards(db: DbOrTx, params: CardListParams): Promise<CardListPage> {
  const { ids: page, nextCursor, previousCursor } = await pickCardPage(db, params);
  const details = page.length === 0 ? [] : await db
    .select(listColumns)
    .from(cards)
    .innerJoin(providerAccounts, eq(cards.providerAccountId, providerAccounts.id))
    .leftJoin(users, eq(cards.ownerUserId, users.id))
    .leftJoin(teams, eq(cards.teamId, teams.id))
    .leftJoin(products, eq(cards.productId, products.id))
    .where(inArray(cards.id, page));
  const byId = new Map(details.map((row) => [row.id, row]));
  const rows = page.map((id) => byId.get(id)).filter((row): row is CardListRow => row !== undefined);
  return { rows, nextCursor, previousCursor };
}

/**
 * A person's own cards by name (alias, then id: cards_owner_alias_idx), at most `limit`: the choices of the card filter
 * of someone who sees only their own transactions.
 */
export async function listOwnCardChoices(db: DbOrTx, params: { organizationId: string; ownerUserId: string; limit: number }): Promise<{ id: string; alias: string; last4: string | null }[]> {
  return db
    .select({ id: cards.id, alias: cards.alias, last4: cards.last4 })
    .from(cards)
    .where(and(eq(cards.ownerUserId, params.ownerUserId), eq(cards.organizationId, params.organizationId)))
    .orderBy(sql`lower(${cards.alias})`, asc(cards.id))
    .limit(params.limit);
}

/** Currencies the organisation holds cards in, for the currency filter (a stored list: see db/schema/card-currencies). */
export async function listCardCurrencies(db: DbOrTx, params: { organizationId: string }): Promise<string[]> {
  const rows = await db
    .select({ currency: cardCurrencies.currency })
    .from(cardCurrencies)
    .where(eq(cardCurrencies.organizationId, params.organizationId))
    .orderBy(asc(cardCurrencies.currency));
  return rows.map((row) => row.currency);
}

/**
 * Of the organisation's stored currencies, those a card the viewer may see is in. Per stored currency, one probe for
 * one such card (LIMIT 1) on the owner's and on each managed team's (…, currency, …) index, stopping at the first
 * found; a LATERAL keeps it one probe per currency (an EXISTS may be planned as a read of every card of the scope).
 * Exported so a plan test EXPLAINs exactly this statement.
 */
export function visibleCardCurrenciesQuery(params: { organizationId: string; visibility: Extract<VisibilityFilter, { all: false }> }): SQL {
  const { organizationId, visibility } = params;
  const scopes = [eq(cards.ownerUserId, visibility.ownerUserId), ...[...new Set(visibility.teamIds)].map((teamId) => eq(cards.teamId, teamId))];
  const probes = scopes.map(
    (scope) => sql`(select 1 from ${cards} where ${and(scope, eq(cards.currency, cardCurrencies.currency), eq(cards.organizationId, organizationId))} limit 1)`,
  );
  return sql`select ${cardCurrencies.currency} as currency from ${cardCurrencies}
    cross join lateral (select 1 from (${sql.join(probes, sql` union all `)}) as probes limit 1) as held
    where ${cardCurrencies.organizationId} = ${organizationId}
    order by ${cardCurrencies.currency}`;
}

/** The currencies of the cards this viewer may see: the organisation's stored list for whoever sees every card. */
export async function listVisibleCardCurrencies(db: DbOrTx, params: { organizationId: string; visibility: VisibilityFilter }): Promise<string[]> {
  const { organizationId, visibility } = params;
  if (visibility.all) return listCardCurrencies(db, { organizationId });
  const rows = await db.execute<{ currency: string }>(visibleCardCurrenciesQuery({ organizationId, visibility }));
  return rows.rows.map((row) => row.currency);
}

export type CardView = typeof cards.$inferSelect & {
  ownerName: string | null;
  ownerEmail: string | null;
  teamName: string | null;
  provider: ProviderName;
  accountLabel: string;
  /** Whether the card's provider account is enabled (what CardForActions and the request rules read). */
  accountActive: boolean;
  productName: string | null;
  productDisplayName: string | null;
  providerProductId: string | null;
  productFees: Record<string, unknown> | null;
};

/** One card with the names the card page shows. The caller checks visibility (requirePermission with the card). */
export async function findCardForView(db: DbOrTx, id: string): Promise<CardView | null> {
  const [row] = await db
    .select({
      card: cards,
      ownerName: users.name,
      ownerEmail: users.email,
      teamName: teams.name,
      provider: providerAccounts.provider,
      accountLabel: providerAccounts.label,
      accountActive: providerAccounts.active,
      productName: products.name,
      productDisplayName: products.displayName,
      providerProductId: products.providerProductId,
      productFees: products.fees,
    })
    .from(cards)
    .innerJoin(providerAccounts, eq(cards.providerAccountId, providerAccounts.id))
    .leftJoin(users, eq(cards.ownerUserId, users.id))
    .leftJoin(teams, eq(cards.teamId, teams.id))
    .leftJoin(products, eq(cards.productId, products.id))
    .where(eq(cards.id, id))
    .limit(1);
  if (!row) return null;
  const { card, ...names } = row;
  return { ...card, ...names };
}
