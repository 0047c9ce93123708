import { and, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { formatUtcDate } from "@/lib/format";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactionDailyTotals } from "@/db/schema/transaction-daily-totals";
import { transactionMerchantMonthlyTotals } from "@/db/schema/transaction-merchant-monthly-totals";
import type { DailySpendRow, DeclineRate, MerchantSpend, SpendSplit } from "./overview-spend";
import { organizationSpendByTeamDay } from "./overview-team-spend";
import { topMerchantsPerCurrency } from "./top-merchants-per-currency";

/**
 * The organisation's overview figures from the daily rollups (db/schema/transaction-daily-totals.ts and its per-team
 * twin): a few rows per day, whatever the number of transactions. Their triggers count spend by the same rules as the
 * row queries in overview-spend.ts, which the integration test holds them to. A window must start at a UTC midnight,
 * the rollups' grain.
 */

const d = transactionDailyTotals;

/** Whether `from` falls on a day boundary of the rollups, so a day range gives exactly what `occurred_at >= from` does. */
export function startsAUtcDay(from: Date): boolean {
  return from.getTime() % 86_400_000 === 0;
}

/** Whether `from` is the first instant of a UTC month, the merchant rollup's grain. */
export function startsAUtcMonth(from: Date): boolean {
  return startsAUtcDay(from) && from.getUTCDate() === 1;
}

/** Spend per UTC day and currency of the whole organisation since `from` (a UTC midnight), optionally split. */
export async function organizationSpendByDay(
  db: DbOrTx,
  params: { organizationId: string; from: Date; split: SpendSplit },
): Promise<DailySpendRow[]> {
  const inWindow = and(eq(d.organizationId, params.organizationId), gte(d.day, formatUtcDate(params.from)));
  if (params.split === "provider") {
    const rows = await db
      .select({ day: d.day, currency: d.currency, provider: providerAccounts.provider, spent: sql<string>`sum(${d.spent})` })
      .from(d)
      .innerJoin(providerAccounts, eq(d.providerAccountId, providerAccounts.id))
      .where(inWindow)
      .groupBy(d.day, d.currency, providerAccounts.provider)
      .having(sql`sum(${d.spent}) <> 0`)
      .orderBy(d.day, d.currency, providerAccounts.provider);
    return rows.map((row) => ({ day: row.day, currency: row.currency, seriesKey: row.provider, seriesLabel: row.provider, spent: BigInt(row.spent) }));
  }
  const wholeDays = db
    .select({ day: d.day, currency: d.currency, spent: sql<string>`sum(${d.spent})` })
    .from(d)
    .where(inWindow)
    .groupBy(d.day, d.currency)
    .orderBy(d.day, d.currency);
  if (params.split === "none") {
    return (await wholeDays)
      .filter((row) => BigInt(row.spent) !== 0n)
      .map((row) => ({ day: row.day, currency: row.currency, seriesKey: "", seriesLabel: "Spend", spent: BigInt(row.spent) }));
  }
  return organizationSpendByTeamDay(db, {
    organizationId: params.organizationId,
    from: params.from,
    wholeDays: wholeDays.then((rows) => rows.map((row) => ({ day: row.day, currency: row.currency, spent: BigInt(row.spent) }))),
  });
}

/**
 * The organisation's purchase attempts (approved or not, the rollup's `debits`, migration 0053), its declined purchases
 * and its other declined rows since `from` (a UTC midnight).
 */
export async function organizationDeclineRate(db: DbOrTx, params: { organizationId: string; from: Date }): Promise<DeclineRate> {
  const [row] = await db
    .select({
      attempts: sql<string>`coalesce(sum(${d.debits}), 0)`,
      declined: sql<string>`coalesce(sum(${d.debits}) filter (where ${d.status} = 'declined'), 0)`,
      otherDeclined: sql<string>`coalesce(sum(${d.count} - ${d.debits}) filter (where ${d.status} = 'declined'), 0)`,
    })
    .from(d)
    .where(and(eq(d.organizationId, params.organizationId), gte(d.day, formatUtcDate(params.from))));
  return { attempts: Number(row?.attempts ?? 0), declined: Number(row?.declined ?? 0), otherDeclined: Number(row?.otherDeclined ?? 0) };
}

const m = transactionMerchantMonthlyTotals;

/**
 * The organisation's merchants with the most spend since `from` (a UTC month's start), the first `limit` of each
 * currency: one rollup row per merchant and month, ranked as topMerchants ranks the rows.
 */
export async function organizationTopMerchants(
  db: DbOrTx,
  params: { organizationId: string; from: Date; limit: number },
): Promise<MerchantSpend[]> {
  const ranked = db
    .select({
      currency: m.currency,
      merchant: m.merchant,
      spent: sql<string>`sum(${m.spent})`.as("spent"),
      purchases: sql<number>`sum(${m.purchases})::int`.as("purchases"),
      rank: sql<number>`row_number() over (partition by ${m.currency} order by sum(${m.spent}) desc, ${m.merchant})`.as("rank"),
    })
    .from(m)
    .where(and(eq(m.organizationId, params.organizationId), gte(m.month, formatUtcDate(params.from))))
    .groupBy(m.currency, m.merchant)
    .as("ranked");
  return topMerchantsPerCurrency(db, ranked, params.limit);
}
