import { and, eq, inArray, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { transactionSyncStates } from "@/db/schema/transactions";

export type SyncHealth = { lastSuccessAt: Date | null; lastErrorAt: Date | null; lastError: string | null };

/** A kind of sync's health for an account: last success, and the last error with the provider's words. */
export async function findSyncHealth(db: DbOrTx, params: { providerAccountId: string; kind: string }): Promise<SyncHealth> {
  const [row] = await db
    .select({ lastSuccessAt: providerSyncStatus.lastSuccessAt, lastErrorAt: providerSyncStatus.lastErrorAt, lastError: providerSyncStatus.lastError })
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, params.providerAccountId), eq(providerSyncStatus.kind, params.kind)));
  return row ?? { lastSuccessAt: null, lastErrorAt: null, lastError: null };
}

/** When a kind of sync last succeeded for an account (null: never). */
export async function findLastSyncSuccess(db: DbOrTx, params: { providerAccountId: string; kind: string }): Promise<Date | null> {
  const [row] = await db
    .select({ lastSuccessAt: providerSyncStatus.lastSuccessAt })
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, params.providerAccountId), eq(providerSyncStatus.kind, params.kind)));
  return row?.lastSuccessAt ?? null;
}

/** One kind of sync's health ("cards", "funding") for each account of the organisation, by account id. */
export async function listSyncHealth(db: DbOrTx, params: { organizationId: string; kind: string }): Promise<Map<string, SyncHealth>> {
  const rows = await db
    .select({
      accountId: providerSyncStatus.providerAccountId,
      lastSuccessAt: providerSyncStatus.lastSuccessAt,
      lastErrorAt: providerSyncStatus.lastErrorAt,
      lastError: providerSyncStatus.lastError,
    })
    .from(providerSyncStatus)
    .innerJoin(providerAccounts, eq(providerAccounts.id, providerSyncStatus.providerAccountId))
    .where(and(eq(providerAccounts.organizationId, params.organizationId), eq(providerSyncStatus.kind, params.kind)));
  return new Map(rows.map(({ accountId, ...health }) => [accountId, health]));
}

export type BackgroundSyncKind = "transactions" | "transactions.deep" | "webhooks" | "funding" | "statements" | "products";
export type BackgroundSyncHealth = SyncHealth & { accountId: string; kind: BackgroundSyncKind };

/**
 * The background reads of every account of the organisation besides the card sync (whose health is on the account
 * row): the transaction pull (its own table, beside its cursor) and the kinds in provider_sync_status, among them the
 * transactions' daily re-read of the last 90 days (lib/transactions/deep-reread.ts).
 */
export async function listBackgroundSyncHealth(db: DbOrTx, params: { organizationId: string }): Promise<BackgroundSyncHealth[]> {
  const statuses = db
    .select({
      accountId: providerSyncStatus.providerAccountId,
      kind: sql<BackgroundSyncKind>`${providerSyncStatus.kind}`.as("kind"),
      lastSuccessAt: providerSyncStatus.lastSuccessAt,
      lastErrorAt: providerSyncStatus.lastErrorAt,
      lastError: providerSyncStatus.lastError,
    })
    .from(providerSyncStatus)
    .innerJoin(providerAccounts, eq(providerAccounts.id, providerSyncStatus.providerAccountId))
    .where(and(eq(providerAccounts.organizationId, params.organizationId), inArray(providerSyncStatus.kind, ["transactions.deep", "webhooks", "funding", "statements", "products"])));
  return unionAll(statuses, transactionPulls(db, params.organizationId));
}

/** The transaction pull's health per account of the organisation: its own table, beside its cursor. */
function transactionPulls(db: DbOrTx, organizationId: string) {
  return db
    .select({
      accountId: transactionSyncStates.providerAccountId,
      kind: sql<BackgroundSyncKind>`'transactions'`.as("kind"),
      lastSuccessAt: transactionSyncStates.lastSuccessAt,
      lastErrorAt: transactionSyncStates.lastErrorAt,
      lastError: transactionSyncStates.lastError,
    })
    .from(transactionSyncStates)
    .innerJoin(providerAccounts, eq(providerAccounts.id, transactionSyncStates.providerAccountId))
    .where(eq(providerAccounts.organizationId, organizationId));
}

/** The transaction pull's health of each account of the organisation, by account id (the transactions list's notice). */
export async function listTransactionPullHealth(db: DbOrTx, params: { organizationId: string }): Promise<Map<string, SyncHealth>> {
  return new Map((await transactionPulls(db, params.organizationId)).map(({ accountId, kind: _kind, ...health }) => [accountId, health]));
}

export async function recordSyncSuccess(db: DbOrTx, params: { providerAccountId: string; kind: string; at: Date }): Promise<void> {
  await db
    .insert(providerSyncStatus)
    .values({ providerAccountId: params.providerAccountId, kind: params.kind, lastSuccessAt: params.at })
    .onConflictDoUpdate({ target: [providerSyncStatus.providerAccountId, providerSyncStatus.kind], set: { lastSuccessAt: params.at } });
}

export async function recordSyncFailure(db: DbOrTx, params: { providerAccountId: string; kind: string; at: Date; message: string }): Promise<void> {
  await db
    .insert(providerSyncStatus)
    .values({ providerAccountId: params.providerAccountId, kind: params.kind, lastErrorAt: params.at, lastError: params.message })
    .onConflictDoUpdate({
      target: [providerSyncStatus.providerAccountId, providerSyncStatus.kind],
      set: { lastErrorAt: params.at, lastError: params.message },
    });
}

/** Forgets a kind of sync's last error, for a read whose success is dated before the error it has since got past. */
export async function clearSyncError(db: DbOrTx, params: { providerAccountId: string; kind: string }): Promise<void> {
  await db
    .update(providerSyncStatus)
    .set({ lastErrorAt: null, lastError: null })
    .where(and(eq(providerSyncStatus.providerAccountId, params.providerAccountId), eq(providerSyncStatus.kind, params.kind)));
}
