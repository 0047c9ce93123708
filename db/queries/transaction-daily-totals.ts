import { and, asc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactionDailyTotals } from "@/db/schema/transaction-daily-totals";
import type { transactionTeamDailyTotals } from "@/db/schema/transaction-team-daily-totals";
import type { CurrencyTotals, TransactionFilters, TransactionScope } from "./transactions";

const d = transactionDailyTotals;

/** The filters the rollup's key can answer exactly: days (UTC, as the list's from/to), status, account, currency. */
export const ROLLUP_FILTERS: ReadonlySet<keyof TransactionFilters> = new Set<keyof TransactionFilters>(["from", "to", "status", "provider", "accountId", "currency"]);

/**
 * Whether the daily rollup gives this scope's totals exactly: the whole organisation (finance, auditors, admins)
 * filtered on the rollup's own key only. A person's or team's scope, a card, merchant text or an amount range need the
 * rows themselves, which their own indexes narrow.
 */
export function servedByDailyTotals(scope: TransactionScope): boolean {
  if (!scope.visibility.all) return false;
  return Object.entries(scope.filters).every(([key, value]) => !value || ROLLUP_FILTERS.has(key as keyof TransactionFilters));
}

/** Totals per currency from the rollup: one range of its primary key (organisation, day) per call. */
export async function totalsFromDailyTotals(db: DbOrTx, scope: TransactionScope): Promise<CurrencyTotals[]> {
  return sumRollup(db, d, [eq(d.organizationId, scope.organizationId), ...rollupKeyConditions(db, d, scope)]);
}

/** The columns both rollups (whole organisation, per team) share. */
type RollupTable = typeof transactionDailyTotals | typeof transactionTeamDailyTotals;

/** A scope's rollup filters (days, status, currency, account, provider) on either rollup's key columns. */
export function rollupKeyConditions(db: DbOrTx, rollup: RollupTable, scope: TransactionScope): SQL[] {
  const { filters, organizationId } = scope;
  const conditions: (SQL | undefined)[] = [
    filters.from ? gte(rollup.day, filters.from) : undefined,
    filters.to ? lte(rollup.day, filters.to) : undefined,
    filters.status ? eq(rollup.status, filters.status) : undefined,
    filters.currency ? eq(rollup.currency, filters.currency) : undefined,
    filters.accountId ? eq(rollup.providerAccountId, filters.accountId) : undefined,
    filters.provider
      ? inArray(
          rollup.providerAccountId,
          db
            .select({ id: providerAccounts.id })
            .from(providerAccounts)
            .where(and(eq(providerAccounts.organizationId, organizationId), eq(providerAccounts.provider, filters.provider))),
        )
      : undefined,
  ];
  return conditions.filter((condition): condition is SQL => condition !== undefined);
}

/** Totals per currency of the rollup rows matching `conditions`. */
export async function sumRollup(db: DbOrTx, rollup: RollupTable, conditions: SQL[]): Promise<CurrencyTotals[]> {
  const rows = await db
    .select({
      currency: rollup.currency,
      spent: sql<string>`sum(${rollup.spent})`,
      refunded: sql<string>`sum(${rollup.refunded})`,
      declinedCount: sql<number>`coalesce(sum(${rollup.count}) filter (where ${rollup.status} = 'declined'), 0)`.mapWith(Number),
      count: sql<number>`sum(${rollup.count})`.mapWith(Number),
    })
    .from(rollup)
    .where(and(...conditions))
    .groupBy(rollup.currency)
    // A group whose rows all moved elsewhere stays in the rollup at zero; the raw sum would not list its currency.
    .having(sql`sum(${rollup.count}) > 0`)
    .orderBy(asc(rollup.currency));
  return rows.map((row) => ({ ...row, spent: BigInt(row.spent), refunded: BigInt(row.refunded) }));
}

/**
 * Recomputes one organisation's rollup from its transactions. The triggers keep it exact on every write; this is for
 * loads that bypass triggers (the bench's bulk insert under session_replication_role = replica) and for repair.
 */
export async function rebuildDailyTotals(db: DbOrTx, organizationId: string): Promise<void> {
  await db.execute(sql`delete from ${d} where ${d.organizationId} = ${organizationId}`);
  await db.execute(sql`
    insert into transaction_daily_totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count, debits)
    select r.organization_id, (r.occurred_at at time zone 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(c.spent), sum(c.refunded), count(*), count(*) filter (where r.type = 'purchase')
    from transactions r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    where r.organization_id = ${organizationId}
    group by 1, 2, 3, 4, 5`);
}
