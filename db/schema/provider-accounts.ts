import { boolean, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

export const providerEnum = pgEnum("provider", ["cardepass", "nobepay", "cardopenapi"]);
export type ProviderName = (typeof providerEnum.enumValues)[number];

export type ProviderAccountSettings = {
  timeZone?: string;
  apiVersion?: string;
  timeoutMs?: number;
  maxRetryMs?: number;
};

export const providerAccounts = pgTable(
  "provider_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    provider: providerEnum("provider").notNull(),
    label: text("label").notNull(),
    baseUrl: text("base_url").notNull(),
    // AES-256-GCM ciphertext of the provider credentials JSON; never sent to the browser.
    credentialsEncrypted: text("credentials_encrypted").notNull(),
    // The webhook URL's secret path segment (providers that document no signature) is never stored in clear: whoever
    // reads the database (a backup, a replica, the app's login) could forge webhooks with it. Webhooks find their
    // account by its SHA-256 (hex); the admin sees the URL again through its AES-256-GCM ciphertext, which is null
    // for a secret made before it was kept (migration 0047). lib/provider-accounts/webhook-secret.ts.
    webhookSecretDigest: text("webhook_secret_digest").notNull(),
    webhookSecretEncrypted: text("webhook_secret_encrypted"),
    settings: jsonb("settings").$type<ProviderAccountSettings>().notNull().default({}),
    active: boolean("active").notNull().default(true),
    // Sync health, written by the sync jobs and by "Test connection"; lastError is plain words, never a secret.
    lastSyncedAt: timestamp("last_synced_at", { withTimezone: true }),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("provider_accounts_org_label_unique").on(table.organizationId, table.label),
    uniqueIndex("provider_accounts_webhook_secret_digest_unique").on(table.webhookSecretDigest),
  ],
);
