import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";

export type SyncHealth = { lastSuccessAt: Date | null; lastErrorAt: Date | null; lastError: string | null };

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
