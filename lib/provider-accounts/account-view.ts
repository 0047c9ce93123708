import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { decryptJson } from "@/lib/crypto";
import { CAPABILITIES, type ProviderName } from "@/lib/providers";
import { CREDENTIAL_FIELDS } from "./presets";
import { readWebhookSecret } from "./webhook-secret";
import { webhookUrlFor } from "./webhook-url";

/** Migration 0048's digest for an account that lost a shared secret: no secret's SHA-256 in hex starts so. */
const CUT_OFF_DIGEST_PREFIX = "none:";

/**
 * A provider account as the Settings page receives it. SECURITY: no credential value leaves the server, not even
 * encrypted: secret fields are reduced to "is set", identifiers (client ID, app key, customer and app IDs) to their
 * last four characters so the admin can tell accounts apart.
 */
export type ProviderAccountView = {
  id: string;
  provider: ProviderName;
  label: string;
  baseUrl: string;
  active: boolean;
  timeZone: string | null;
  apiVersion: string | null;
  /** Credential fields that hold a value (blank in the edit form = keep it). */
  storedFields: string[];
  /** "…0011" for identifiers; secrets get no hint at all. */
  identifierHints: Record<string, string>;
  /** Whether the provider sends webhooks (the capability `webhooks`). */
  receivesWebhooks: boolean;
  /** Null when it sends none, or when Cardhub holds no readable copy of the secret (made before migration 0048). */
  webhookUrl: string | null;
  /**
   * Whether its webhook URL is refused until rotated: it shared its secret with another account, which migration 0048
   * left it to. Not the URL made before that migration which still works: that one has no readable copy either.
   */
  webhookUrlCutOff: boolean;
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
    const identifierHints: Record<string, string> = {};
    const storedFields: string[] = [];
    for (const field of CREDENTIAL_FIELDS[row.provider]) {
      const value = credentials[field.name];
      if (value === undefined || value === null || value === "") continue;
      storedFields.push(field.name);
      if (!field.secret) identifierHints[field.name] = `…${String(value).slice(-4)}`;
    }
    return {
      id: row.id,
      provider: row.provider,
      label: row.label,
      baseUrl: row.baseUrl,
      active: row.active,
      timeZone: row.settings.timeZone ?? null,
      apiVersion: row.settings.apiVersion ?? null,
      storedFields,
      identifierHints,
      receivesWebhooks: CAPABILITIES[row.provider].webhooks,
      webhookUrl: webhookUrlOf(row),
      webhookUrlCutOff: row.webhookSecretDigest.startsWith(CUT_OFF_DIGEST_PREFIX),
      lastSyncedAt: row.lastSyncedAt,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
      updatedAt: row.updatedAt,
    };
  });
}

function webhookUrlOf(row: { provider: ProviderName; webhookSecretEncrypted: string | null }): string | null {
  const webhookSecret = readWebhookSecret(row.webhookSecretEncrypted);
  return webhookSecret === null ? null : webhookUrlFor({ provider: row.provider, webhookSecret });
}
