import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";

/** Records how the last conversation with a provider account went, for the Settings page. */
export async function recordAccountHealth(db: DbOrTx, accountId: string, outcome: { ok: true; synced?: boolean } | { ok: false; error: string }, at = new Date()): Promise<void> {
  // updatedAt is left alone: it versions the adapter cache (lib/providers/for-account), which health must not reset.
  if (outcome.ok) {
    await db
      .update(providerAccounts)
      .set({ lastError: null, lastErrorAt: null, ...(outcome.synced ? { lastSyncedAt: at } : {}) })
      .where(eq(providerAccounts.id, accountId));
  } else {
    await db.update(providerAccounts).set({ lastError: outcome.error.slice(0, 500), lastErrorAt: at }).where(eq(providerAccounts.id, accountId));
  }
}
