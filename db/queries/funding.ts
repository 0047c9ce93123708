import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { fundingBalanceHistory, fundingBalances } from "@/db/schema/funding-balances";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";

export type FundingReading = { scope: string; currency: string; label: string | null; available: bigint | null; frozen: bigint | null; total: bigint | null };

/**
 * Two refreshes of one account (the schedule and a click) take turns until their transactions end: otherwise both
 * delete, then both insert the same sources, or an older reading lands after a newer one. Run inside a transaction.
 */
export async function lockAccountFunding(db: DbOrTx, params: { providerAccountId: string }): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`funding:${params.providerAccountId}`}, 0))`);
}

/**
 * One successful refresh of an account: its sources are replaced by what the provider says now (a source it no
 * longer lists disappears), and every reading is kept in the history. Run inside a transaction, after
 * lockAccountFunding.
 */
export async function replaceAccountBalances(db: DbOrTx, params: { providerAccountId: string; readings: FundingReading[]; at: Date }): Promise<void> {
  const { providerAccountId, readings, at } = params;
  await db.delete(fundingBalances).where(eq(fundingBalances.providerAccountId, providerAccountId));
  if (readings.length === 0) return;
  await db.insert(fundingBalances).values(readings.map((reading) => ({ ...reading, providerAccountId, refreshedAt: at })));
  await db.insert(fundingBalanceHistory).values(
    readings.map((reading) => ({
      providerAccountId,
      scope: reading.scope,
      currency: reading.currency,
      available: reading.available,
      frozen: reading.frozen,
      total: reading.total,
      recordedAt: at,
    })),
  );
}

export type AccountFunding = {
  accountId: string;
  accountLabel: string;
  provider: ProviderName;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  balances: (FundingReading & { refreshedAt: Date })[];
};

/** Every active account of the organisation with its funding sources and refresh health, for /funding. */
export async function listAccountFunding(db: DbOrTx, params: { organizationId: string }): Promise<AccountFunding[]> {
  const accounts = await db
    .select({
      accountId: providerAccounts.id,
      accountLabel: providerAccounts.label,
      provider: providerAccounts.provider,
      lastSuccessAt: providerSyncStatus.lastSuccessAt,
      lastErrorAt: providerSyncStatus.lastErrorAt,
      lastError: providerSyncStatus.lastError,
    })
    .from(providerAccounts)
    .leftJoin(providerSyncStatus, and(eq(providerSyncStatus.providerAccountId, providerAccounts.id), eq(providerSyncStatus.kind, "funding")))
    .where(and(eq(providerAccounts.organizationId, params.organizationId), eq(providerAccounts.active, true)))
    .orderBy(asc(providerAccounts.label));
  if (accounts.length === 0) return [];
  const balances = await db
    .select()
    .from(fundingBalances)
    .where(sql`${fundingBalances.providerAccountId} in (${sql.join(accounts.map((account) => sql`${account.accountId}::uuid`), sql`, `)})`)
    .orderBy(asc(fundingBalances.currency), asc(fundingBalances.scope));
  return accounts.map((account) => ({
    ...account,
    balances: balances
      .filter((balance) => balance.providerAccountId === account.accountId)
      .map(({ scope, currency, label, available, frozen, total, refreshedAt }) => ({ scope, currency, label, available, frozen, total, refreshedAt })),
  }));
}

/** An account's readings since a time, oldest first (the chart of the overview). */
export async function fundingHistorySince(db: DbOrTx, params: { providerAccountId: string; since: Date }) {
  return db
    .select()
    .from(fundingBalanceHistory)
    .where(and(eq(fundingBalanceHistory.providerAccountId, params.providerAccountId), gte(fundingBalanceHistory.recordedAt, params.since)))
    .orderBy(asc(fundingBalanceHistory.recordedAt), asc(fundingBalanceHistory.id));
}

export type StoredBalance = typeof fundingBalances.$inferSelect;

/** An account's stored funding sources (primary-key order). */
export async function listStoredBalances(db: DbOrTx, params: { providerAccountId: string }): Promise<StoredBalance[]> {
  return db
    .select()
    .from(fundingBalances)
    .where(eq(fundingBalances.providerAccountId, params.providerAccountId))
    .orderBy(asc(fundingBalances.scope), asc(fundingBalances.currency));
}

/**
 * A token that moves when what /funding and the overview show of the organisation's funding changes: a balance read
 * (its time, count and amounts) or a funding or cards sync succeeding or failing (the health the page shows). A few
 * rows per provider account.
 */
export async function fundingVersion(db: DbOrTx, params: { organizationId: string; syncKinds: readonly string[] }): Promise<string> {
  const result = await db.execute<{ balances: string; health: string }>(sql`
    select
      (select count(*)::text || '|' || coalesce(max(${fundingBalances.refreshedAt})::text, '') || '|' || coalesce(sum(coalesce(${fundingBalances.available}, 0) + coalesce(${fundingBalances.frozen}, 0)), 0)::text
         from ${fundingBalances} join ${providerAccounts} on ${providerAccounts.id} = ${fundingBalances.providerAccountId}
         where ${providerAccounts.organizationId} = ${params.organizationId}) as balances,
      (select coalesce(max(greatest(${providerSyncStatus.lastSuccessAt}, ${providerSyncStatus.lastErrorAt}))::text, '')
         from ${providerSyncStatus} join ${providerAccounts} on ${providerAccounts.id} = ${providerSyncStatus.providerAccountId}
         where ${providerAccounts.organizationId} = ${params.organizationId} and ${providerSyncStatus.kind} in (${sql.join(params.syncKinds.map((kind) => sql`${kind}`), sql`, `)})) as health`);
  const row = result.rows[0]!;
  return `${row.balances}|${row.health}`;
}
