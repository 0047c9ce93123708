import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transactionTeamDailyTotals } from "@/db/schema/transaction-team-daily-totals";
import { ROLLUP_FILTERS, rollupKeyConditions, sumRollup } from "./transaction-daily-totals";
import type { CurrencyTotals, TransactionFilters, TransactionScope } from "./transactions";

const d = transactionTeamDailyTotals;

/**
 * Whether the per-team rollup gives this scope's team rows exactly: a manager's teams, or finance's team filter,
 * filtered on the rollup's own key only (days, status, account, provider, currency, team). A card, an owner, merchant
 * text or an amount range need the rows themselves.
 */
export function servedByTeamDailyTotals(scope: TransactionScope): boolean {
  const { filters, visibility } = scope;
  const keyFiltersOnly = Object.entries(filters).every(
    ([key, value]) => !value || key === "teamId" || ROLLUP_FILTERS.has(key as keyof TransactionFilters),
  );
  if (!keyFiltersOnly) return false;
  return visibility.all ? Boolean(filters.teamId) : visibility.teamIds.length > 0;
}

/**
 * The teams whose rows the scope sees in full: finance's filtered team, or each team a person manages (only the
 * filtered one when a team filter names one of them; none when it names another team).
 */
export function rollupTeamIds(scope: TransactionScope): string[] {
  const { filters, visibility } = scope;
  if (visibility.all) return filters.teamId ? [filters.teamId] : [];
  return visibility.teamIds.filter((teamId) => !filters.teamId || teamId === filters.teamId);
}

/** Totals per currency of the scope's teams (rollupTeamIds) from the rollup: one key range per team. */
export async function totalsFromTeamDailyTotals(db: DbOrTx, scope: TransactionScope): Promise<CurrencyTotals[]> {
  const teamIds = rollupTeamIds(scope);
  if (teamIds.length === 0) return [];
  return sumRollup(db, d, [
    eq(d.organizationId, scope.organizationId),
    teamIds.length === 1 ? eq(d.teamId, teamIds[0]!) : inArray(d.teamId, teamIds),
    ...rollupKeyConditions(db, d, scope),
  ]);
}

/**
 * Recomputes one organisation's per-team rollup from its transactions. The triggers keep it exact on every write; this
 * is for loads that bypass triggers (the bench's bulk insert under session_replication_role = replica) and for repair.
 */
export async function rebuildTeamDailyTotals(db: DbOrTx, organizationId: string): Promise<void> {
  await db.execute(sql`delete from ${d} where ${d.organizationId} = ${organizationId}`);
  await db.execute(sql`
    insert into transaction_team_daily_totals (organization_id, team_id, day, currency, status, provider_account_id, spent, refunded, count)
    select r.organization_id, r.team_id, (r.occurred_at at time zone 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(c.spent), sum(c.refunded), count(*)
    from transactions r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    where r.organization_id = ${organizationId} and r.team_id is not null
    group by 1, 2, 3, 4, 5, 6`);
}
