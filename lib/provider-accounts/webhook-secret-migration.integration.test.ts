import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createDb } from "@/db/client";
import { MIGRATIONS_FOLDER, runMigrations } from "@/db/migrate";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { webhookEvents } from "@/db/schema/webhook-events";
import { receiveWebhook } from "@/lib/transactions/webhooks";
import { withTestServerClient } from "@/test/database";
import { expectProviderAccountRowNotToHold } from "@/test/provider-account-row";
import { listProviderAccountViews } from "./account-view";
import { newWebhookSecret, webhookSecretDigest } from "./webhook-secret";

const TAG = "0048_webhook_secret_digest";
const { body: EVENT } = JSON.parse(readFileSync(new URL("../providers/nobepay/fixtures/webhook-complete.json", import.meta.url), "utf8")) as { body: Record<string, unknown> };
type Journal = { entries: { idx: number; tag: string }[] };

// Each case gets a database of its own, not cloned from the migrated template: it is brought to the state just before
// the migration, from the migrations folder as it was then.
const databases: string[] = [];
let folder = "";

beforeAll(async () => {
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  process.env.AUTH_SECRET ??= "test-auth-secret-0123456789abcdef0123456789";
  process.env.AUDIT_HMAC_KEY ??= "test-audit-hmac-key-0123456789abcdef0123456789";
  // The migrations folder as it was before this migration: the same files, the journal cut before it.
  folder = mkdtempSync(path.join(tmpdir(), "cardhub-migrations-"));
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;
  const at = journal.entries.findIndex((entry) => entry.tag === TAG);
  expect(at, `${TAG} is in the journal`).toBeGreaterThan(0);
  const before = journal.entries.slice(0, at);
  mkdirSync(path.join(folder, "meta"));
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: before }));
  for (const entry of before) copyFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
});

afterAll(async () => {
  if (folder) rmSync(folder, { recursive: true, force: true });
  for (const name of databases) await withTestServerClient((client) => client.query(`drop database if exists "${name}" with (force)`));
});

/** A new database migrated up to just before this migration, with one organization; the caller ends its pool. */
async function databaseBeforeMigration(): Promise<{ connection: ReturnType<typeof createDb>; organizationId: string }> {
  const name = `cardhub_test_${randomBytes(6).toString("hex")}`;
  databases.push(name);
  await withTestServerClient((client) => client.query(`create database "${name}"`));
  const server = new URL(inject("testServerUrl"));
  server.pathname = `/${name}`;
  process.env.DATABASE_URL ??= server.toString();
  const connection = createDb(server.toString(), 1);
  await migrate(drizzle(connection.pool), { migrationsFolder: folder });
  const [organization] = (await connection.db.execute<{ id: string }>(sql`insert into organizations (name) values ('Old Company') returning id`)).rows;
  return { connection, organizationId: organization!.id };
}

type OldAccount = { label: string; provider: string; webhookSecret: string; createdAt: string; active?: boolean };

/** A provider account as rows were before this migration, its webhook secret in clear. */
async function insertOld(db: ReturnType<typeof createDb>["db"], organizationId: string, account: OldAccount): Promise<string> {
  const rows = await db.execute<{ id: string }>(sql`
    insert into provider_accounts (organization_id, provider, label, base_url, credentials_encrypted, webhook_secret, active, created_at)
    values (${organizationId}, ${account.provider}::provider, ${account.label}, 'http://127.0.0.1:9', 'v1.x.y.z', ${account.webhookSecret}, ${account.active ?? true}, ${account.createdAt}::timestamptz)
    returning id`);
  return rows.rows[0]!.id;
}

it(`migration ${TAG} turns a webhook secret stored in clear into its digest: its URL keeps working, the database holds no usable secret`, async () => {
  const { connection, organizationId } = await databaseBeforeMigration();
  try {
    const secret = newWebhookSecret();
    const other = newWebhookSecret();
    const nobepay = await insertOld(connection.db, organizationId, { label: "NobePay", provider: "nobepay", webhookSecret: secret, createdAt: "2026-01-01T00:00:00Z" });
    // A row copied by hand with the same secret, later, both live: the older one keeps the URL.
    const copy = await insertOld(connection.db, organizationId, { label: "NobePay copy", provider: "nobepay", webhookSecret: secret, createdAt: "2026-02-01T00:00:00Z" });
    const cardepass = await insertOld(connection.db, organizationId, { label: "Cardepass", provider: "cardepass", webhookSecret: other, createdAt: "2026-01-01T00:00:00Z" });

    // The project's migrate step (db:migrate, the dev launcher, the test template) applies it and what follows.
    await runMigrations(connection.pool);

    for (const [id, stored] of [[nobepay, secret], [copy, secret], [cardepass, other]] as const) await expectProviderAccountRowNotToHold(connection.db, id, stored);
    const rows = await connection.db.select().from(providerAccounts);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(nobepay)).toMatchObject({ webhookSecretDigest: webhookSecretDigest(secret), webhookSecretEncrypted: null });
    expect(byId.get(cardepass)).toMatchObject({ webhookSecretDigest: webhookSecretDigest(other), webhookSecretEncrypted: null });
    expect(byId.get(copy)!.webhookSecretDigest).not.toBe(webhookSecretDigest(secret));

    // The URL registered with the provider before the migration is still accepted, for the account that had it.
    const accepted = await receiveWebhook(connection.db, { provider: "nobepay", secret, body: new Response(JSON.stringify({ ...EVENT, eventId: "ev_after_migration" })).body });
    expect(accepted).toMatchObject({ status: 200, duplicate: false });
    const stored = await connection.db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, "ev_after_migration"));
    expect(stored.map((event) => event.providerAccountId)).toEqual([nobepay]);
    expect(await receiveWebhook(connection.db, { provider: "nobepay", secret: other, body: null })).toEqual({ status: 404 });

    // Cardhub keeps no copy it could show: the Settings page says so rather than showing a URL.
    const views = await listProviderAccountViews(connection.db, organizationId);
    expect(views.find((view) => view.id === nobepay)).toMatchObject({ receivesWebhooks: true, webhookUrl: null, webhookUrlCutOff: false });
    // The copy's admin is told its URL is refused now, not that it keeps working.
    expect(views.find((view) => view.id === copy)).toMatchObject({ receivesWebhooks: true, webhookUrl: null, webhookUrlCutOff: true });

    // Digests are unique from now on.
    await expect(connection.db.update(providerAccounts).set({ webhookSecretDigest: webhookSecretDigest(secret) }).where(eq(providerAccounts.id, copy))).rejects.toMatchObject({
      cause: { code: "23505", constraint: "provider_accounts_webhook_secret_digest_unique" },
    });
  } finally {
    await connection.pool.end();
  }
});

it(`migration ${TAG} leaves a shared secret with the account the webhook route found by it: the live one, not an older disabled copy`, async () => {
  const { connection, organizationId } = await databaseBeforeMigration();
  try {
    const secret = newWebhookSecret();
    // An account disabled long ago, an older account of a provider that sends no webhooks, and the live NobePay account,
    // all holding the same secret (rows copied by hand).
    const disabled = await insertOld(connection.db, organizationId, { label: "NobePay (old, disabled)", provider: "nobepay", webhookSecret: secret, createdAt: "2025-01-01T00:00:00Z", active: false });
    const cardepass = await insertOld(connection.db, organizationId, { label: "Cardepass", provider: "cardepass", webhookSecret: secret, createdAt: "2025-06-01T00:00:00Z" });
    const live = await insertOld(connection.db, organizationId, { label: "NobePay", provider: "nobepay", webhookSecret: secret, createdAt: "2026-01-01T00:00:00Z" });
    // Before the migration the route took an active account of the URL's provider (only NobePay sends webhooks): the live one.
    const before = await connection.db.execute<{ id: string }>(sql`select id from provider_accounts where provider = 'nobepay' and webhook_secret = ${secret} and active`);
    expect(before.rows.map((row) => row.id)).toEqual([live]);

    await runMigrations(connection.pool);

    const accepted = await receiveWebhook(connection.db, { provider: "nobepay", secret, body: new Response(JSON.stringify({ ...EVENT, eventId: "ev_live" })).body });
    expect(accepted).toMatchObject({ status: 200, duplicate: false });
    const stored = await connection.db.select().from(webhookEvents).where(eq(webhookEvents.providerEventId, "ev_live"));
    expect(stored.map((event) => event.providerAccountId)).toEqual([live]);
    const digests = new Map((await connection.db.select().from(providerAccounts)).map((row) => [row.id, row.webhookSecretDigest]));
    expect(digests.get(live)).toBe(webhookSecretDigest(secret));
    expect(digests.get(disabled)).toBe(`none:${disabled}`);
    expect(digests.get(cardepass)).toBe(`none:${cardepass}`);

    const views = await listProviderAccountViews(connection.db, organizationId);
    expect(views.find((view) => view.id === live)).toMatchObject({ receivesWebhooks: true, webhookUrl: null, webhookUrlCutOff: false });
    expect(views.find((view) => view.id === disabled)).toMatchObject({ receivesWebhooks: true, webhookUrl: null, webhookUrlCutOff: true });
  } finally {
    await connection.pool.end();
  }
});
