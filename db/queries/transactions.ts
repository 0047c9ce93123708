import { and, asc, desc, eq, inArray, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { teams } from "@/db/schema/teams";
import { transactionMerchants } from "@/db/schema/transaction-merchants";
import { transactions, type LedgerDirection, type LedgerStatus } from "@/db/schema/transactions";
import { users } from "@/db/schema/users";
import { servedByDailyTotals, totalsFromDailyTotals } from "./transaction-daily-totals";
import { servedByTeamDailyTotals, totalsFromTeamDailyTotals } from "./transaction-team-daily-totals";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { amountBoundMinor, currencyExponent, nonDefaultExponents } from "@/lib/money";
import { containsPattern } from "./contains-pattern";
import { keysetPage } from "@/lib/lists/keyset-page";

const t = transactions;

export type TransactionFilters = {
  /** Calendar dates YYYY-MM-DD in UTC, inclusive, on when the transaction happened. */
  from?: string;
  to?: string;
  status?: LedgerStatus;
  provider?: ProviderName;
  accountId?: string;
  cardId?: string;
  ownerUserId?: string;
  teamId?: string;
  /** Merchant name (substring). */
  q?: string;
  /** Major units as typed ("25.50"), compared with each row's amount in its own currency. */
  min?: string;
  max?: string;
  currency?: string;
};

/** occurred_at as exact text (microseconds) plus id: the keyset of every transaction list. */
export type TransactionCursor = { at: string; id: string };

export type TransactionScope = {
  organizationId: string;
  visibility: VisibilityFilter;
  filters: TransactionFilters;
};

/** Rows are visible through their owner and team at the time of the transaction. */
/** The transactions a viewer may see: by the owner and team stored on each row (a card's history stays with them). */
export function visibilityCondition(visibility: VisibilityFilter): SQL | undefined {
  if (visibility.all) return undefined;
  const own = eq(t.ownerUserId, visibility.ownerUserId);
  return visibility.teamIds.length > 0 ? or(own, inArray(t.teamId, [...visibility.teamIds])) : own;
}

/**
 * amount (minor units of the row's currency) between major-unit bounds, exactly, whatever the currency; a bound finer
 * than the currency's minor unit rounds inward (amountBoundMinor). Without a currency the bounds differ by exponent,
 * so each exponent's currencies get a range of their own: one arm per exponent, disjoint by currency. Each arm alone
 * is one range of transactions_org_amount_covering_idx, read from the index only; together (an OR) they are a
 * BitmapOr that must visit the table.
 */
const BIGINT_MAX = 9_223_372_036_854_775_807n;

function amountArms(filters: Pick<TransactionFilters, "min" | "max" | "currency">): SQL[] {
  const { min, max, currency } = filters;
  if (!min && !max) return [];
  // A 15-digit bound in a 4-decimal currency (CLF) is past bigint: no stored amount is, so the bound is the limit.
  const inBigint = (value: bigint) => (value > BIGINT_MAX ? BIGINT_MAX : value < -BIGINT_MAX ? -BIGINT_MAX : value);
  const range = (code: string) => {
    const bounds: SQL[] = [];
    if (min) bounds.push(sql`${t.amount} >= ${inBigint(amountBoundMinor(min, currencyExponent(code), "min"))}`);
    if (max) bounds.push(sql`${t.amount} <= ${inBigint(amountBoundMinor(max, currencyExponent(code), "max"))}`);
    return sql.join(bounds, sql` and `);
  };
  if (currency) return [range(currency)];
  const byExponent = new Map<number, string[]>();
  for (const [code, exponent] of Object.entries(nonDefaultExponents())) byExponent.set(exponent, [...(byExponent.get(exponent) ?? []), code]);
  const special = Object.keys(nonDefaultExponents());
  const codes = (list: string[]) => sql.join(list.map((code) => sql`${code}`), sql`, `);
  const arms = [...byExponent.values()].map((group) => sql`(${t.currency} in (${codes(group)}) and ${range(group[0]!)})`);
  arms.push(sql`(${t.currency} not in (${codes(special)}) and ${range("USD")})`);
  return arms;
}

function amountRange(filters: TransactionFilters): SQL | undefined {
  const arms = amountArms(filters);
  return arms.length === 0 ? undefined : arms.length === 1 ? arms[0] : sql`(${sql.join(arms, sql` or `)})`;
}

/** The same scope with its amount range taken out, and that range as its disjoint arms (one query per arm). */
function splitAmount(scope: TransactionScope): { rest: TransactionScope; arms: (SQL | undefined)[] } {
  const arms = amountArms(scope.filters);
  return { rest: { ...scope, filters: { ...scope.filters, min: undefined, max: undefined } }, arms: arms.length > 0 ? arms : [undefined] };
}

/**
 * merchant_name contains `text` (any case, `%` and `_` literal). The organisation's few distinct names are searched
 * (transaction_merchants' trigram index), then each matching name's rows are read from
 * transactions_org_merchant_time_idx: a trigram index over millions of rows merged posting lists of hundreds of
 * thousands of rows for every text, however few rows it matched.
 */
function merchantNameContains(organizationId: string, text: string): SQL {
  const m = transactionMerchants;
  return sql`${t.merchantName} in (select ${m.merchantName} from ${m}
    where ${m.organizationId} = ${organizationId} and ${m.merchantName} ilike ${containsPattern(text)})`;
}

export function transactionConditions(scope: TransactionScope): SQL[] {
  const { filters, organizationId } = scope;
  const conditions: (SQL | undefined)[] = [
    eq(t.organizationId, organizationId),
    visibilityCondition(scope.visibility),
  ];
  if (filters.from) conditions.push(sql`${t.occurredAt} >= ${`${filters.from}T00:00:00Z`}::timestamptz`);
  if (filters.to)
    conditions.push(sql`${t.occurredAt} < (${filters.to}::date + 1)::timestamp at time zone 'UTC'`);
  if (filters.status) conditions.push(eq(t.status, filters.status));
  if (filters.provider) {
    const accounts = sql`(select ${providerAccounts.id} from ${providerAccounts}
      where ${providerAccounts.organizationId} = ${organizationId} and ${providerAccounts.provider} = ${filters.provider})`;
    conditions.push(sql`${t.providerAccountId} in ${accounts}`);
  }
  if (filters.accountId) conditions.push(eq(t.providerAccountId, filters.accountId));
  if (filters.cardId) conditions.push(eq(t.cardId, filters.cardId));
  if (filters.ownerUserId) conditions.push(eq(t.ownerUserId, filters.ownerUserId));
  if (filters.teamId) conditions.push(eq(t.teamId, filters.teamId));
  if (filters.q) conditions.push(merchantNameContains(organizationId, filters.q));
  if (filters.currency) conditions.push(eq(t.currency, filters.currency));
  conditions.push(amountRange(filters));
  return conditions.filter((condition): condition is SQL => condition !== undefined);
}

const atText = sql<string>`to_char(${t.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const transactionListColumns = {
  id: t.id,
  organizationId: t.organizationId,
  occurredAt: t.occurredAt,
  authorisedAt: t.authorisedAt,
  settledAt: t.settledAt,
  status: t.status,
  providerStatus: t.providerStatus,
  type: t.type,
  providerType: t.providerType,
  direction: t.direction,
  amount: t.amount,
  currency: t.currency,
  authorisedAmount: t.authorisedAmount,
  authorisedCurrency: t.authorisedCurrency,
  settledAmount: t.settledAmount,
  settledCurrency: t.settledCurrency,
  originalAmount: t.merchantAmount,
  originalCurrency: t.merchantCurrency,
  merchantName: t.merchantName,
  merchantCity: t.merchantCity,
  merchantCountry: t.merchantCountry,
  merchantCategory: t.merchantCategory,
  description: t.description,
  declineReason: t.declineReason,
  providerDeclineReason: t.providerDeclineReason,
  memo: t.memo,
  providerTransactionId: t.providerTransactionId,
  cardId: t.cardId,
  providerAccountId: t.providerAccountId,
  providerCardId: t.providerCardId,
  ownerUserId: t.ownerUserId,
  teamId: t.teamId,
  cardAlias: cards.alias,
  cardLast4: cards.last4,
  ownerName: users.name,
  ownerEmail: users.email,
  teamName: teams.name,
  provider: providerAccounts.provider,
  accountLabel: providerAccounts.label,
};

export type TransactionListRow = {
  id: string;
  organizationId: string;
  occurredAt: Date;
  authorisedAt: Date | null;
  settledAt: Date | null;
  status: LedgerStatus;
  providerStatus: string | null;
  type: string;
  providerType: string | null;
  direction: LedgerDirection;
  amount: bigint;
  currency: string;
  authorisedAmount: bigint | null;
  authorisedCurrency: string | null;
  settledAmount: bigint | null;
  settledCurrency: string | null;
  originalAmount: bigint | null;
  originalCurrency: string | null;
  merchantName: string | null;
  merchantCity: string | null;
  merchantCountry: string | null;
  merchantCategory: string | null;
  description: string | null;
  declineReason: string | null;
  providerDeclineReason: string | null;
  memo: string | null;
  providerTransactionId: string;
  cardId: string | null;
  providerAccountId: string;
  /** The provider's id of the card, kept while the row is not linked to a card of ours. */
  providerCardId: string | null;
  ownerUserId: string | null;
  teamId: string | null;
  cardAlias: string | null;
  cardLast4: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  teamName: string | null;
  provider: ProviderName;
  accountLabel: string;
};

function baseQuery(db: DbOrTx) {
  return db
    .select({ ...transactionListColumns, cursorAt: atText.mapWith(String) })
    .from(t)
    .innerJoin(providerAccounts, eq(t.providerAccountId, providerAccounts.id))
    .leftJoin(cards, eq(t.cardId, cards.id))
    .leftJoin(users, eq(t.ownerUserId, users.id))
    .leftJoin(teams, eq(t.teamId, teams.id))
    .$dynamic();
}

export type TransactionListPage = {
  rows: TransactionListRow[];
  nextCursor: TransactionCursor | null;
  previousCursor: TransactionCursor | null;
};

type OrderedRow = TransactionListRow & { cursorAt: string };

function keysetCondition(cursor: TransactionCursor | undefined, backwards: boolean): SQL | undefined {
  if (!cursor) return undefined;
  return backwards
    ? sql`(${t.occurredAt}, ${t.id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
    : sql`(${t.occurredAt}, ${t.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

/**
 * Up to `limit` rows in keyset order, in two steps: the keys alone are read first from the transactions index that
 * serves the filter, and only the winners are then read in full with their names (a join planned beside the scan
 * can turn into a hash join over every card). An OR that no single index serves in order is read part by part, each
 * for at most `limit` keys, and the keys are merged here: a manager's "own or my teams'" (each team, then their own
 * rows outside those teams) and an amount range's arms (one per currency exponent).
 */
async function fetchOrdered(
  db: DbOrTx,
  params: TransactionScope,
  cursor: TransactionCursor | undefined,
  backwards: boolean,
  limit: number,
): Promise<OrderedRow[]> {
  const order = backwards ? [asc(t.occurredAt), asc(t.id)] : [desc(t.occurredAt), desc(t.id)];
  const keyset = keysetCondition(cursor, backwards);
  const { rest, arms } = splitAmount({ ...params, visibility: { all: true } });
  const keys = new Map<string, string>();
  for (const part of disjointVisibilityParts(params.visibility)) {
    for (const arm of arms) {
      const rows = await db
        .select({ id: t.id, at: atText.mapWith(String) })
        .from(t)
        .where(and(...transactionConditions(rest), part, arm, keyset))
        .orderBy(...order)
        .limit(limit);
      for (const row of rows) keys.set(row.id, row.at);
    }
  }
  // The text form of occurred_at is fixed-width UTC and uuids compare as their lowercase hex: string order is key order.
  const sorted = [...keys.entries()].sort(([idA, atA], [idB, atB]) =>
    atA === atB ? (idA < idB ? -1 : 1) : atA < atB ? -1 : 1,
  );
  if (!backwards) sorted.reverse();
  const ids = sorted.slice(0, limit).map(([id]) => id);
  if (ids.length === 0) return [];
  return baseQuery(db)
    .where(inArray(t.id, ids))
    .orderBy(...order);
}

/** One page, newest first, keyset-paginated on (occurred_at, id): each filter index ends in exactly that order. */
export async function listTransactions(
  db: DbOrTx,
  params: TransactionScope & { after?: TransactionCursor; before?: TransactionCursor; limit: number },
): Promise<TransactionListPage> {
  const backwards = params.before !== undefined;
  const cursor = params.before ?? params.after;
  const fetched = await fetchOrdered(db, params, cursor, backwards, params.limit + 1);
  const page = keysetPage(fetched, {
    limit: params.limit,
    backwards,
    fromCursor: cursor !== undefined,
    toCursor: (row): TransactionCursor => ({ at: row.cursorAt, id: row.id }),
  });
  return { ...page, rows: page.rows.map(({ cursorAt: _cursorAt, ...row }) => row) };
}

/** The whole filtered set, newest first, one batch per read (the CSV export). */
export async function* iterateTransactions(
  db: DbOrTx,
  params: TransactionScope & { batchSize?: number },
): AsyncGenerator<TransactionListRow[]> {
  const batchSize = params.batchSize ?? 1000;
  let after: TransactionCursor | undefined;
  for (;;) {
    const rows = await fetchOrdered(db, params, after, false, batchSize);
    if (rows.length === 0) return;
    yield rows.map(({ cursorAt: _cursorAt, ...row }) => row);
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = { at: last.cursorAt, id: last.id };
  }
}

export type CurrencyTotals = {
  currency: string;
  spent: bigint;
  refunded: bigint;
  declinedCount: number;
  count: number;
};

/**
 * Totals of the filtered set per currency. Spent counts only money that moved or is held: authorised and settled
 * debits, less settled reversal credits (Cardepass v1 reports a reversal as its own Income row). Declined, reversed
 * and expired authorisations are never spend; refunds are counted apart. The whole organisation's totals read the
 * daily rollup, a team's (a manager's teams, a team filter) the per-team rollup: a few rows per day, exact. Narrower
 * scopes sum their own rows.
 */
export async function transactionTotals(db: DbOrTx, scope: TransactionScope): Promise<CurrencyTotals[]> {
  if (servedByDailyTotals(scope)) return totalsFromDailyTotals(db, scope);
  if (servedByTeamDailyTotals(scope)) return teamScopeTotals(db, scope);
  return transactionTotalsFromRows(db, scope);
}

/** Whether a rollup answers the scope's totals, so reading them costs a few rows per day whatever the data's size. */
export function totalsServedByRollup(scope: TransactionScope): boolean {
  return servedByDailyTotals(scope) || servedByTeamDailyTotals(scope);
}

/**
 * A team scope's totals: its teams from the per-team rollup, plus (for a manager) their own rows outside those teams
 * summed from the owner index. The same disjoint parts transactionTotalsFromRows sums from the rows.
 */
async function teamScopeTotals(db: DbOrTx, scope: TransactionScope): Promise<CurrencyTotals[]> {
  const teams = await totalsFromTeamDailyTotals(db, scope);
  if (scope.visibility.all) return teams;
  const ownOutsideTeams = await sumParts(db, scope, [ownRowsOutsideTeams(scope.visibility)]);
  return addByCurrency([...teams, ...ownOutsideTeams]);
}

/** The same totals summed over the matching transactions themselves (the rollup's triggers use the same rules). */
export async function transactionTotalsFromRows(db: DbOrTx, scope: TransactionScope): Promise<CurrencyTotals[]> {
  return sumParts(db, scope, disjointVisibilityParts(scope.visibility));
}

/**
 * The scope's filters summed over each of the disjoint `parts`, each part one index range read without the table
 * (transactions_org_amount_covering_idx, and the owner and team indexes' INCLUDE columns): the parts are disjoint,
 * so their sums add up to the answer.
 */
async function sumParts(db: DbOrTx, scope: TransactionScope, parts: (SQL | undefined)[]): Promise<CurrencyTotals[]> {
  const { rest, arms } = splitAmount({ ...scope, visibility: { all: true } });
  const sums: CurrencyTotals[] = [];
  for (const part of parts) {
    for (const arm of arms) sums.push(...(await totalsWhere(db, [...transactionConditions(rest), part, arm])));
  }
  return addByCurrency(sums);
}

/** Totals of disjoint sets added up per currency, in currency order. */
function addByCurrency(sums: CurrencyTotals[]): CurrencyTotals[] {
  const byCurrency = new Map<string, CurrencyTotals>();
  for (const row of sums) {
    const seen = byCurrency.get(row.currency);
    byCurrency.set(
      row.currency,
      seen
        ? { currency: row.currency, spent: seen.spent + row.spent, refunded: seen.refunded + row.refunded, declinedCount: seen.declinedCount + row.declinedCount, count: seen.count + row.count }
        : row,
    );
  }
  return [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** A visibility as disjoint parts: each managed team's rows, then the person's own rows outside those teams. */
function disjointVisibilityParts(visibility: VisibilityFilter): (SQL | undefined)[] {
  if (visibility.all) return [undefined];
  return [...visibility.teamIds.map((teamId) => eq(t.teamId, teamId)), ownRowsOutsideTeams(visibility)];
}

/** The person's own rows that none of their managed teams' parts holds. */
function ownRowsOutsideTeams(visibility: Extract<VisibilityFilter, { all: false }>): SQL {
  const own = eq(t.ownerUserId, visibility.ownerUserId);
  if (visibility.teamIds.length === 0) return own;
  return and(own, or(isNull(t.teamId), notInArray(t.teamId, [...visibility.teamIds])))!;
}

async function totalsWhere(db: DbOrTx, conditions: (SQL | undefined)[]): Promise<CurrencyTotals[]> {
  const rows = await db
    .select({
      currency: t.currency,
      spent: sql<string>`coalesce(sum(case
        when ${t.direction} = 'debit' and ${t.status} in ('authorised', 'settled') then ${t.amount}
        when ${t.direction} = 'credit' and ${t.type} = 'reversal' and ${t.status} = 'settled' then -${t.amount}
        else 0 end), 0)`,
      refunded: sql<string>`coalesce(sum(case when ${t.status} = 'refunded' or (${t.direction} = 'credit' and ${t.type} = 'refund' and ${t.status} = 'settled') then ${t.amount} else 0 end), 0)`,
      declinedCount: sql<number>`count(*) filter (where ${t.status} = 'declined')`.mapWith(Number),
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(t)
    .where(and(...conditions))
    .groupBy(t.currency)
    .orderBy(asc(t.currency));
  return rows.map((row) => ({ ...row, spent: BigInt(row.spent), refunded: BigInt(row.refunded) }));
}

async function oneTransaction(db: DbOrTx, where: SQL | undefined): Promise<TransactionListRow | null> {
  const [row] = await baseQuery(db).where(where).limit(1);
  if (!row) return null;
  const { cursorAt: _cursorAt, ...rest } = row;
  return rest;
}

/** One transaction with its names, for the memo action's permission check. */
export async function findTransaction(db: DbOrTx, id: string): Promise<TransactionListRow | null> {
  return oneTransaction(db, eq(t.id, id));
}

/**
 * One transaction with its names for the drawer, only if the list would show it to this viewer: the list's own
 * organisation and visibility conditions (transactionConditions without filters), so the two can never disagree.
 */
export async function findVisibleTransaction(
  db: DbOrTx,
  params: { id: string; organizationId: string; visibility: VisibilityFilter },
): Promise<TransactionListRow | null> {
  const scope = { organizationId: params.organizationId, visibility: params.visibility, filters: {} };
  return oneTransaction(db, and(eq(t.id, params.id), ...transactionConditions(scope)));
}

export async function updateTransactionMemo(
  db: DbOrTx,
  params: { id: string; memo: string | null },
): Promise<void> {
  await db
    .update(t)
    .set({ memo: params.memo, memoUpdatedAt: sql`now()`, updatedAt: sql`clock_timestamp()` })
    .where(eq(t.id, params.id));
}

/**
 * How far behind the newest visible row a row may be stamped and still commit after it. A row is stamped
 * (clock_timestamp()) when written, inside its writer's transaction, and becomes visible only when that commits, so it
 * can show up behind a newer row of another account already seen, by at most how long its transaction stayed open after
 * writing it. Every ledger writer (a sync page of at most 100 rows, a webhook event, a time-zone batch of 1000 rows, a
 * hold release, a memo) writes and commits within seconds and never waits on a provider inside its transaction: ten
 * minutes is far beyond any of them.
 */
const LATE_COMMIT_WINDOW = sql.raw(`interval '10 minutes'`);

/**
 * The window's newest rows that are counted: a bulk write (a first import, a time-zone correction) can stamp hundreds of
 * thousands of rows within the window, and every page load and poll reads this. A late row among them still changes
 * the count; one behind them is seen by the next write's poll, as the newest stamp then moves.
 */
const LATE_COMMIT_ROWS = 500;

/**
 * The index ranges the token reads, each from its newest end: the organisation's rows (transactions_org_updated_idx);
 * for someone who sees only their own and their teams' rows, their own (transactions_owner_updated_idx) and each
 * managed team's (transactions_team_updated_idx), never the organisation's newest rows filtered down to theirs (a
 * manager of one team in two hundred walked about 100,000 of a 10,000,000-row organisation's rows on every read, and a
 * cardholder's newest row may lie behind all the others'); a card's rows through transactions_card_time_idx. A row both
 * theirs and a managed team's is in two ranges, so it is counted twice on every read: the token still moves exactly when
 * a row they see is written.
 */
function versionRanges(params: { organizationId: string; visibility: VisibilityFilter; cardId?: string }): SQL[] {
  const organization = eq(t.organizationId, params.organizationId);
  if (params.cardId) return [and(organization, eq(t.cardId, params.cardId), visibilityCondition(params.visibility))!];
  if (params.visibility.all) return [organization];
  return [
    and(organization, eq(t.ownerUserId, params.visibility.ownerUserId))!,
    ...params.visibility.teamIds.map((teamId) => and(organization, eq(t.teamId, teamId))!),
  ];
}

/**
 * A token that changes whenever a visible transaction is written, whatever order writes commit in: open pages poll it
 * and refresh on change. The newest stamp alone misses a row committed late behind a newer one, so the token also
 * counts and sums the stamps of the visible rows within LATE_COMMIT_WINDOW of the newest: a late row adds to the count,
 * an update raises its row's stamp. Anchored at the newest row, not the clock, the window moves only when the newest
 * does, so the token stays put while nothing is written. Two reads, the second given the first's answer as a value so
 * that it is planned as the short range it is; each walks the newest end of its index ranges (versionRanges). A row
 * committed between the two is counted by the second, and the next poll's newest stamp or count differs.
 */
export async function transactionsVersion(
  db: DbOrTx,
  params: { organizationId: string; visibility: VisibilityFilter; cardId?: string },
): Promise<string> {
  const ranges = versionRanges(params);
  const newestOf = ranges.map((where) => sql`(select max(${t.updatedAt}) from ${t} where ${where})`);
  const newest = await db.execute<{ at: string | null }>(sql`select greatest(${sql.join(newestOf, sql`, `)})::text as at`);
  const at = newest.rows[0]?.at;
  if (!at) return "none";
  const windowOf = ranges.map(
    (where) =>
      sql`(select ${t.updatedAt} as stamp from ${t} where ${where} and ${t.updatedAt} >= ${at}::timestamptz - ${LATE_COMMIT_WINDOW} order by ${t.updatedAt} desc limit ${LATE_COMMIT_ROWS})`,
  );
  const recent = await db.execute<{ count: string; stamps: string }>(
    sql`select count(*)::text as count, coalesce(sum(extract(epoch from stamp)), 0)::text as stamps from (${sql.join(windowOf, sql` union all `)}) as late_commit_window`,
  );
  return `${at}|${recent.rows[0]!.count}|${recent.rows[0]!.stamps}`;
}
