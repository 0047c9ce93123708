import { and, eq, gte, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { teams } from "@/db/schema/teams";
import { transactions } from "@/db/schema/transactions";
import { organizationDeclineRate, organizationSpendByDay, organizationTopMerchants, startsAUtcDay, startsAUtcMonth } from "./overview-spend-rollups";
import { topMerchantsPerCurrency } from "./top-merchants-per-currency";

const t = transactions;

/**
 * Whose spend a figure covers. Each kind is read through its own (…, occurred_at DESC, id DESC) index as one range
 * on occurred_at: the organisation's (transactions_org_time_idx), some teams' (transactions_team_time_idx), or one
 * person's (transactions_owner_time_idx). Rows carry the owner and team of when they happened. "visible" is what
 * /transactions shows a person without organisation-wide sight (db/queries/transactions.ts, visibilityCondition): their
 * own rows and their managed teams' rows, read through both indexes.
 */
export type SpendScope =
  | { kind: "organization"; organizationId: string }
  | { kind: "teams"; organizationId: string; teamIds: readonly string[] }
  | { kind: "owner"; organizationId: string; ownerUserId: string }
  | { kind: "visible"; organizationId: string; ownerUserId: string; teamIds: readonly string[] };

function scopeCondition(scope: SpendScope): SQL {
  switch (scope.kind) {
    case "organization":
      return eq(t.organizationId, scope.organizationId);
    case "teams":
      return scope.teamIds.length === 0
        ? sql`false`
        : and(eq(t.organizationId, scope.organizationId), inArray(t.teamId, [...scope.teamIds]))!;
    case "owner":
      return and(eq(t.organizationId, scope.organizationId), eq(t.ownerUserId, scope.ownerUserId))!;
    case "visible": {
      const own = eq(t.ownerUserId, scope.ownerUserId);
      return and(eq(t.organizationId, scope.organizationId), scope.teamIds.length > 0 ? or(own, inArray(t.teamId, [...scope.teamIds])) : own)!;
    }
  }
}

/**
 * Spend as the transaction totals count it (db/queries/transactions.ts, transactionTotals): authorised and settled
 * debits, less settled reversal credits. Declined, reversed and expired authorisations never count.
 */
const spendAmount = sql`case
  when ${t.direction} = 'debit' and ${t.status} in ('authorised', 'settled') then ${t.amount}
  when ${t.direction} = 'credit' and ${t.type} = 'reversal' and ${t.status} = 'settled' then -${t.amount}
  else 0 end`;

const countsAsSpend = sql`(${t.status} in ('authorised', 'settled') and (${t.direction} = 'debit' or ${t.type} = 'reversal'))`;

/** The first instant of the UTC day `days - 1` days before `now`'s: a window of `days` calendar days ending today. */
export function startOfWindow(now: Date, days: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
}

export type SpendSplit = "none" | "provider" | "team";

export type DailySpendRow = {
  /** Calendar day in UTC, YYYY-MM-DD. */
  day: string;
  currency: string;
  /** The series: provider name, team id ("" for cards without a team), or "" when not split. */
  seriesKey: string;
  /** The provider name (the screen words it), the team's name, "No team", or "Spend". */
  seriesLabel: string;
  spent: bigint;
};

/**
 * Spend per UTC day and currency since `from`, optionally split by provider or team. Never adds currencies together;
 * a day, series and currency whose spend nets to zero is left out (the chart draws it as a day without spend). The
 * whole organisation's reads the daily rollups; a team's or a person's, their own rows.
 */
export async function spendByDay(
  db: DbOrTx,
  params: { scope: SpendScope; from: Date; split: SpendSplit },
): Promise<DailySpendRow[]> {
  if (params.scope.kind === "organization" && startsAUtcDay(params.from)) {
    return organizationSpendByDay(db, { organizationId: params.scope.organizationId, from: params.from, split: params.split });
  }
  return spendByDayFromRows(db, params);
}

/** spendByDay summed over the transactions themselves. */
export async function spendByDayFromRows(
  db: DbOrTx,
  params: { scope: SpendScope; from: Date; split: SpendSplit },
): Promise<DailySpendRow[]> {
  const day = sql<string>`to_char(${t.occurredAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const where = and(scopeCondition(params.scope), gte(t.occurredAt, params.from), countsAsSpend);
  const spent = sql<string>`sum(${spendAmount})`;
  const spentSomething = sql`sum(${spendAmount}) <> 0`;
  if (params.split === "provider") {
    const rows = await db
      .select({ day, currency: t.currency, provider: providerAccounts.provider, spent })
      .from(t)
      .innerJoin(providerAccounts, eq(t.providerAccountId, providerAccounts.id))
      .where(where)
      .groupBy(day, t.currency, providerAccounts.provider)
      .having(spentSomething)
      .orderBy(day, t.currency, providerAccounts.provider);
    return rows.map((row) => ({
      day: row.day,
      currency: row.currency,
      seriesKey: row.provider,
      seriesLabel: row.provider,
      spent: BigInt(row.spent),
    }));
  }
  if (params.split === "team") {
    const rows = await db
      .select({ day, currency: t.currency, teamId: t.teamId, teamName: teams.name, spent })
      .from(t)
      .leftJoin(teams, eq(t.teamId, teams.id))
      .where(where)
      .groupBy(day, t.currency, t.teamId, teams.name)
      .having(spentSomething)
      .orderBy(day, t.currency, teams.name);
    return rows.map((row) => ({
      day: row.day,
      currency: row.currency,
      seriesKey: row.teamId ?? "",
      seriesLabel: row.teamName ?? "No team",
      spent: BigInt(row.spent),
    }));
  }
  const rows = await db
    .select({ day, currency: t.currency, spent })
    .from(t)
    .where(where)
    .groupBy(day, t.currency)
    .having(spentSomething)
    .orderBy(day, t.currency);
  return rows.map((row) => ({ day: row.day, currency: row.currency, seriesKey: "", seriesLabel: "Spend", spent: BigInt(row.spent) }));
}

export type MonthSpend = {
  currency: string;
  thisMonth: bigint;
  /** The whole of last month. */
  lastMonth: bigint;
  /** Last month up to the same day and time, for a like-for-like comparison. */
  lastMonthToDate: bigint;
};

/**
 * This calendar month's spend (UTC) against last month's, per currency: one index range from last month's start.
 * "This month" has no upper bound, like every other figure (card spend, /transactions totals, CSV, charts): a row
 * stamped a little after `now` (a provider's clock ahead of ours) counts here as it counts there. Only "last month to
 * date" stops, at the same instant of last month as `now` is of this one.
 */
export async function spendThisMonthAgainstLast(db: DbOrTx, params: { scope: SpendScope; now: Date }): Promise<MonthSpend[]> {
  const { now } = params;
  const thisStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const lastStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const elapsed = now.getTime() - thisStart.getTime();
  // Last month to the same point, capped at its end (the 31st of this month against a 30-day month).
  const lastToDate = new Date(Math.min(lastStart.getTime() + elapsed, thisStart.getTime()));
  const rows = await db
    .select({
      currency: t.currency,
      thisMonth: sql<string>`coalesce(sum(${spendAmount}) filter (where ${t.occurredAt} >= ${thisStart}), 0)`,
      lastMonth: sql<string>`coalesce(sum(${spendAmount}) filter (where ${t.occurredAt} < ${thisStart}), 0)`,
      lastMonthToDate: sql<string>`coalesce(sum(${spendAmount}) filter (where ${t.occurredAt} < ${lastToDate}), 0)`,
    })
    .from(t)
    .where(and(scopeCondition(params.scope), gte(t.occurredAt, lastStart), countsAsSpend))
    .groupBy(t.currency)
    .orderBy(t.currency);
  return rows.map((row) => ({
    currency: row.currency,
    thisMonth: BigInt(row.thisMonth),
    lastMonth: BigInt(row.lastMonth),
    lastMonthToDate: BigInt(row.lastMonthToDate),
  }));
}

/**
 * `spent` is net of settled reversals at the merchant and includes its fee rows (money left the card); `purchases`
 * counts the approved purchases alone (rows of type "purchase", as transaction_is_purchase of migration 0053 does).
 */
export type MerchantSpend = { currency: string; merchant: string; spent: bigint; purchases: number };

/**
 * The merchants with the most spend since `from`, the first `limit` of each currency. The whole organisation's, from
 * a month's start, reads the merchant monthly rollup; any other, the rows.
 */
export async function topMerchants(
  db: DbOrTx,
  params: { scope: SpendScope; from: Date; limit: number },
): Promise<MerchantSpend[]> {
  if (params.scope.kind === "organization" && startsAUtcMonth(params.from)) {
    return organizationTopMerchants(db, { organizationId: params.scope.organizationId, from: params.from, limit: params.limit });
  }
  return topMerchantsFromRows(db, params);
}

/** topMerchants ranked over the transactions themselves. */
export async function topMerchantsFromRows(
  db: DbOrTx,
  params: { scope: SpendScope; from: Date; limit: number },
): Promise<MerchantSpend[]> {
  // The name as the merchant rollup's triggers key it (trimmed; "Unknown merchant" when blank): one rule for both.
  const merchant = sql<string>`transaction_merchant_key(${t.merchantName})`;
  const ranked = db
    .select({
      currency: t.currency,
      merchant: merchant.as("merchant"),
      spent: sql<string>`sum(${spendAmount})`.as("spent"),
      purchases: sql<number>`(count(*) filter (where ${t.direction} = 'debit' and ${t.type} = 'purchase'))::int`.as("purchases"),
      rank: sql<number>`row_number() over (partition by ${t.currency} order by sum(${spendAmount}) desc, ${merchant})`.as("rank"),
    })
    .from(t)
    .where(and(scopeCondition(params.scope), gte(t.occurredAt, params.from), countsAsSpend))
    .groupBy(t.currency, merchant)
    .as("ranked");
  return topMerchantsPerCurrency(db, ranked, params.limit);
}

/**
 * Purchases declined against all purchase attempts (rows of type "purchase", approved or not): a fee row is no attempt.
 * `otherDeclined` counts the declined rows that are no purchase (a top-up or refund the provider refused), so a panel
 * can count every decline its "declined" list shows while its rate stays a purchase rate.
 */
export type DeclineRate = { attempts: number; declined: number; otherDeclined: number };

/**
 * The decline rate since `from`: a count, so currencies may mix. The whole organisation's reads the daily rollup; a
 * team's or a person's, their own rows.
 */
export async function declineRate(db: DbOrTx, params: { scope: SpendScope; from: Date }): Promise<DeclineRate> {
  if (params.scope.kind === "organization" && startsAUtcDay(params.from)) {
    return organizationDeclineRate(db, { organizationId: params.scope.organizationId, from: params.from });
  }
  return declineRateFromRows(db, params);
}

/** declineRate counted over the transactions themselves. */
export async function declineRateFromRows(db: DbOrTx, params: { scope: SpendScope; from: Date }): Promise<DeclineRate> {
  const [row] = await db
    .select({
      attempts: sql<number>`(count(*) filter (where ${t.type} = 'purchase'))::int`,
      declined: sql<number>`(count(*) filter (where ${t.type} = 'purchase' and ${t.status} = 'declined'))::int`,
      otherDeclined: sql<number>`(count(*) filter (where ${t.type} <> 'purchase' and ${t.status} = 'declined'))::int`,
    })
    .from(t)
    .where(and(scopeCondition(params.scope), gte(t.occurredAt, params.from), or(eq(t.type, "purchase"), eq(t.status, "declined"))));
  return { attempts: Number(row?.attempts ?? 0), declined: Number(row?.declined ?? 0), otherDeclined: Number(row?.otherDeclined ?? 0) };
}
