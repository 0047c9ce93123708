/**
 * BENCH STAND-IN — switch to the project's own function when it lands. The transactions list (issue 12) is being
 * built on the `transactions` branch; until it is merged, `npm run bench` times this query, written against
 * db/schema/transactions.ts with the filters the issue names (status, card owner, team, card search, date range,
 * merchant text, amount range) and the same keyset order as the other lists: (occurred_at DESC, id DESC).
 * Replace listBenchTransactions with db/queries/transactions.ts's list function and drop this file.
 */
import { and, eq, gte, ilike, lt, lte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cardIdsQuery, cardPageQuery, type CardListFilters } from "@/db/queries/cards";
import { transactions } from "@/db/schema/transactions";
import type { VisibilityFilter } from "@/lib/auth/permissions";

export type BenchTransactionFilters = {
  status?: string;
  ownerUserId?: string;
  teamId?: string;
  /** Card last four (exact), card alias or owner name (substring). */
  q?: string;
  from?: Date;
  toExclusive?: Date;
  merchant?: string;
  minAmount?: bigint;
  maxAmount?: bigint;
};

export type BenchTransactionParams = {
  organizationId: string;
  visibility: VisibilityFilter;
  filters: BenchTransactionFilters;
  after?: { occurredAt: string; id: string };
  limit: number;
};

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Card-side filters (owner, team, card search) as the cards list's own filters; visibility is the cards one. */
function cardFilters(filters: BenchTransactionFilters): CardListFilters | null {
  const onCards: CardListFilters = {};
  if (filters.ownerUserId) onCards.ownerUserId = filters.ownerUserId;
  if (filters.teamId) onCards.teamId = filters.teamId;
  if (filters.q) onCards.q = filters.q;
  return Object.keys(onCards).length > 0 ? onCards : null;
}

/** Below this many matching cards, each card's own (card_id, occurred_at, id) index is walked for one page and merged. */
const FEW_CARDS = 50;

function transactionConditions(params: BenchTransactionParams): SQL[] {
  const { filters } = params;
  const conditions: SQL[] = [eq(transactions.organizationId, params.organizationId)];
  if (filters.status) conditions.push(eq(transactions.status, filters.status as (typeof transactions.$inferSelect)["status"]));
  if (filters.from) conditions.push(gte(transactions.occurredAt, filters.from));
  if (filters.toExclusive) conditions.push(lt(transactions.occurredAt, filters.toExclusive));
  if (filters.merchant) conditions.push(ilike(transactions.merchantName, likePattern(filters.merchant)));
  if (filters.minAmount !== undefined) conditions.push(gte(transactions.amount, filters.minAmount));
  if (filters.maxAmount !== undefined) conditions.push(lte(transactions.amount, filters.maxAmount));
  if (params.after) {
    conditions.push(sql`(${transactions.occurredAt}, ${transactions.id}) < (${params.after.occurredAt}::timestamptz, ${params.after.id}::uuid)`);
  }
  return conditions;
}

const pageColumns = sql`${transactions.id} as id, to_char(${transactions.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_key,
  ${transactions.occurredAt} as occurred_at, ${transactions.amount} as amount, ${transactions.currency} as currency,
  ${transactions.status} as status, ${transactions.merchantName} as merchant_name, ${transactions.cardId} as card_id`;

/** The page when the card-side conditions leave many cards (or none apply): one walk of an organisation-wide index. */
function pageOverCardSet(params: BenchTransactionParams, onCards: CardListFilters | null): SQL {
  const conditions = transactionConditions(params);
  if (onCards || !params.visibility.all) {
    const scope = { organizationId: params.organizationId, visibility: params.visibility, filters: onCards ?? {} };
    conditions.push(sql`${transactions.cardId} in (${cardIdsQuery(scope)})`);
  }
  return sql`select ${pageColumns} from ${transactions} where ${and(...conditions)}
    order by ${transactions.occurredAt} desc, ${transactions.id} desc limit ${params.limit + 1}`;
}

/** The page when only a few cards match: at most one page from each card's own index, merged. */
function pageOverFewCards(params: BenchTransactionParams, cardIds: string[]): SQL {
  const conditions = transactionConditions(params);
  return sql`select page.* from unnest(${sql.param(cardIds)}::uuid[]) as matched(card_id)
    cross join lateral (select ${pageColumns} from ${transactions} where ${transactions.cardId} = matched.card_id and ${and(...conditions)}
      order by ${transactions.occurredAt} desc, ${transactions.id} desc limit ${params.limit + 1}) as page
    order by page.occurred_at desc, page.id desc limit ${params.limit + 1}`;
}

export async function listBenchTransactions(db: DbOrTx, params: BenchTransactionParams): Promise<{ rows: Record<string, unknown>[]; more: boolean }> {
  const onCards = cardFilters(params.filters);
  let statement = pageOverCardSet(params, onCards);
  if (onCards || !params.visibility.all) {
    const matched = await db.execute<{ id: string }>(
      cardPageQuery({ organizationId: params.organizationId, visibility: params.visibility, filters: onCards ?? {}, sort: { field: "created", direction: "desc" }, limit: FEW_CARDS }),
    );
    if (matched.rows.length <= FEW_CARDS) statement = pageOverFewCards(params, matched.rows.map((row) => row.id));
  }
  const result = await db.execute(statement);
  return { rows: result.rows.slice(0, params.limit), more: result.rows.length > params.limit };
}
