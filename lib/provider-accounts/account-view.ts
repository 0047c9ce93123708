import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { decryptJson } from "@/lib/crypto";
import type { ProviderName } from "@/lib/providers";
import { CREDENTIAL_FIELDS } from "./presets";
import { webhookUrlFor } from "./webhook-url";

/**
 * A provider account as the Settings page receives it. SECURITY: secret credential fields are reduced to "is set";
 * only identifiers (client ID, app key, customer and app IDs) are shown, never a secret, not even encrypted.
 */
export type ProviderAccountView = {
  id: string;
  provider: ProviderName;
  label: string;
  baseUrl: string;
  active: boolean;
  timeZone: string | null;
  apiVersion: string | null;
  identifiers: Record<string, string>;
  secretsSet: string[];
  webhookUrl: string | null;
  lastSyncedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  updatedAt: Date;
};

export async function listProviderAccountViews(db: DbOrTx, organizationId: string): Promise<ProviderAccountView[]> {
  const rows = await db.select().from(providerAccounts).where(eq(providerAccounts.organizationId, organizationId)).orderBy(asc(providerAccounts.label), asc(providerAccounts.id));
  return rows.map((row) => {
    let credentials: Record<string, unknown> = {};
    try {
      credentials = decryptJson(row.credentialsEncrypted) as Record<string, unknown>;
    } catch {
      // Unreadable under the current key: shown as "not set", so the admin re-enters the credentials.
    }
    const identifiers: Record<string, string> = {};
    const secretsSet: string[] = [];
    for (const field of CREDENTIAL_FIELDS[row.provider]) {
      const value = credentials[field.name];
      if (value === undefined || value === null || value === "") continue;
      if (field.secret) secretsSet.push(field.name);
      else identifiers[field.name] = String(value);
    }
    return {
      id: row.id,
      provider: row.provider,
      label: row.label,
      baseUrl: row.baseUrl,
      active: row.active,
      timeZone: row.settings.timeZone ?? null,
      apiVersion: row.settings.apiVersion ?? null,
      identifiers,
      secretsSet,
      webhookUrl: webhookUrlFor(row),
      lastSyncedAt: row.lastSyncedAt,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
      updatedAt: row.updatedAt,
    };
  });
}
