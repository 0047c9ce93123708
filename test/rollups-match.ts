import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Db, DbOrTx } from "@/db/client";
import { totalsFromDailyTotals } from "@/db/queries/transaction-daily-totals";
import { rebuildMerchantMonthlyTotals } from "@/db/queries/transaction-merchant-monthly-totals";
import { totalsFromTeamDailyTotals } from "@/db/queries/transaction-team-daily-totals";
import { transactionTotalsFromRows, type TransactionFilters } from "@/db/queries/transactions";
import { LEDGER_STATUSES } from "@/db/schema/transactions";

/**
 * The totals rollups against the rows they stand for: transaction_daily_totals (and transaction_team_daily_totals for
 * `teamId`) for one account, as a whole, per status and on each of `days` (UTC dates, YYYY-MM-DD); and the
 * organisation's transaction_merchant_monthly_totals against a rebuild from its rows (rolled back).
 */
export async function expectRollupsMatchRows(
  db: Db,
  params: { organizationId: string; accountId: string; teamId?: string; days?: string[] },
): Promise<void> {
  const filterSets: TransactionFilters[] = [
    { accountId: params.accountId },
    ...LEDGER_STATUSES.map((status) => ({ accountId: params.accountId, status })),
    ...(params.days ?? []).map((day) => ({ accountId: params.accountId, from: day, to: day })),
  ];
  for (const filters of filterSets) {
    const scope = { organizationId: params.organizationId, visibility: { all: true as const }, filters };
    expect({ filters, totals: await totalsFromDailyTotals(db, scope) }).toEqual({ filters, totals: await transactionTotalsFromRows(db, scope) });
    if (!params.teamId) continue;
    const team = { ...scope, filters: { ...filters, teamId: params.teamId } };
    expect({ team: team.filters, totals: await totalsFromTeamDailyTotals(db, team) }).toEqual({ team: team.filters, totals: await transactionTotalsFromRows(db, team) });
  }
  const merchantMonths = async (on: DbOrTx) =>
    (
      await on.execute(sql`select month, currency, merchant, spent::text, purchases::text from transaction_merchant_monthly_totals
        where organization_id = ${params.organizationId}::uuid and (spent <> 0 or purchases <> 0) order by 1, 2, 3`)
    ).rows;
  const maintained = await merchantMonths(db);
  let rebuilt: unknown[] = [];
  await db
    .transaction(async (tx) => {
      await rebuildMerchantMonthlyTotals(tx, params.organizationId);
      rebuilt = await merchantMonths(tx);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  expect(maintained).toEqual(rebuilt);
}

class RolledBack extends Error {}
