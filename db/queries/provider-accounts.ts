import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { decryptJson } from "@/lib/crypto";
import { EnvError } from "@/lib/env";
import { parseProviderAccountConfig, type ProviderAccountConfig } from "@/lib/providers";

export type ProviderAccountRow = typeof providerAccounts.$inferSelect;
/** What pages may see of an account: never the credentials, not even encrypted. */
export type ProviderAccountSummary = Pick<ProviderAccountRow, "id" | "organizationId" | "provider" | "label" | "baseUrl" | "active" | "updatedAt" | "settings">;

const summaryColumns = {
  id: providerAccounts.id,
  organizationId: providerAccounts.organizationId,
  provider: providerAccounts.provider,
  label: providerAccounts.label,
  baseUrl: providerAccounts.baseUrl,
  active: providerAccounts.active,
  updatedAt: providerAccounts.updatedAt,
  /** Time zone and document version: no secret (credentials are a column of their own). */
  settings: providerAccounts.settings,
};

/**
 * The account's credentials, or a refusal an operator can act on when this ENCRYPTION_KEY does not decrypt them (the
 * usual cause: a key other than the one they were stored under, e.g. the old one after a rotation), instead of the
 * cipher's own words. A missing or malformed key keeps its configuration error. SECURITY: names the account only,
 * never the key or the payload.
 */
function decryptedCredentials(row: Pick<ProviderAccountRow, "label" | "credentialsEncrypted">): unknown {
  try {
    return decryptJson(row.credentialsEncrypted);
  } catch (error) {
    if (error instanceof EnvError) throw error;
    throw new Error(`the credentials of "${row.label}" cannot be decrypted with this ENCRYPTION_KEY: it is not the key they were stored under`);
  }
}

export function toProviderAccountConfig(row: ProviderAccountRow): ProviderAccountConfig {
  return parseProviderAccountConfig({
    id: row.id,
    provider: row.provider,
    baseUrl: row.baseUrl,
    credentials: decryptedCredentials(row),
    settings: row.settings,
  });
}

export async function findProviderAccount(db: DbOrTx, id: string): Promise<ProviderAccountRow | null> {
  const [row] = await db.select().from(providerAccounts).where(eq(providerAccounts.id, id)).limit(1);
  return row ?? null;
}

export async function listProviderAccounts(db: DbOrTx, params: { organizationId?: string; activeOnly?: boolean } = {}): Promise<ProviderAccountSummary[]> {
  const conditions = [];
  if (params.organizationId) conditions.push(eq(providerAccounts.organizationId, params.organizationId));
  if (params.activeOnly) conditions.push(eq(providerAccounts.active, true));
  return db
    .select(summaryColumns)
    .from(providerAccounts)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(providerAccounts.label));
}

export type ProviderAccountHealth = Pick<ProviderAccountRow, "id" | "provider" | "label" | "active" | "lastSyncedAt" | "lastErrorAt" | "lastError">;

/** Each account's sync health for the administrator's overview: never a credential. */
export async function listProviderAccountHealth(db: DbOrTx, params: { organizationId: string }): Promise<ProviderAccountHealth[]> {
  return db
    .select({
      id: providerAccounts.id,
      provider: providerAccounts.provider,
      label: providerAccounts.label,
      active: providerAccounts.active,
      lastSyncedAt: providerAccounts.lastSyncedAt,
      lastErrorAt: providerAccounts.lastErrorAt,
      lastError: providerAccounts.lastError,
    })
    .from(providerAccounts)
    .where(eq(providerAccounts.organizationId, params.organizationId))
    .orderBy(asc(providerAccounts.label), asc(providerAccounts.id));
}
