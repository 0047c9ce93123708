import { createServer, type Server } from "node:net";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { readWebhookSecret, storedWebhookSecret, webhookSecretDigest } from "@/lib/provider-accounts/webhook-secret";
import { encryptJson } from "@/lib/crypto";
import { pointSandboxWebhooksAtApp } from "@/lib/transactions/webhook-url";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { ensurePortFree, prepareDemoDatabase } from "./prepare-demo";

const database = withTestDatabase();
const running: RunningSandbox[] = [];
let occupied: Server;
let occupiedPort = 0;
let stateDir = "";

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What the dev launcher binds: the web server's port (checked) and the sandbox, from its saved world unless seeding. */
function bindLikeTheLauncher(webPort: number, sandboxPort: number) {
  const plans: { seeding: boolean }[] = [];
  const bindPorts = async (plan: { seeding: boolean }) => {
    plans.push(plan);
    await ensurePortFree(webPort, "PORT");
    await ensurePortFree(sandboxPort, "SANDBOX_PORT");
    const sandbox = await startSandbox({ port: sandboxPort, host: "127.0.0.1", quiet: true, stateDir, freshState: plan.seeding });
    running.push(sandbox);
    return sandbox;
  };
  return { plans, bindPorts };
}

const demoAccounts = () => database.db().select().from(providerAccounts).orderBy(asc(providerAccounts.label));

beforeAll(async () => {
  stateDir = mkdtempSync(path.join(tmpdir(), "cardhub-prepare-demo-"));
  occupied = createServer();
  await new Promise<void>((resolve) => occupied.listen(0, "127.0.0.1", resolve));
  occupiedPort = (occupied.address() as { port: number }).port;
});
afterAll(async () => {
  for (const sandbox of running) await sandbox.close();
  await new Promise<void>((resolve) => occupied?.close(() => resolve()));
  rmSync(stateDir, { recursive: true, force: true });
});

describe("the dev launcher's database preparation", () => {
  it("fails on a taken sandbox port (another instance's) before the demo seed writes anything", async () => {
    const { bindPorts } = bindLikeTheLauncher(await freePort(), occupiedPort);
    await expect(prepareDemoDatabase({ databaseUrl: database.url(), sandboxUrl: `http://127.0.0.1:${occupiedPort}`, bindPorts })).rejects.toThrow(
      `127.0.0.1:${occupiedPort} is already in use`,
    );
    expect(await database.db().select().from(organizations)).toEqual([]);
    expect(await demoAccounts()).toEqual([]);
  });

  it("fails on a taken web server port (PORT) before anything is written, the sandbox not started", async () => {
    const { plans, bindPorts } = bindLikeTheLauncher(occupiedPort, await freePort());
    await expect(prepareDemoDatabase({ databaseUrl: database.url(), sandboxUrl: "http://127.0.0.1:9", bindPorts })).rejects.toThrow("set PORT to a free port");
    expect(plans).toEqual([{ seeding: true }]);
    expect(await database.db().select().from(organizations)).toEqual([]);
  });

  it("seeds an empty database once its ports are bound, pointing the demo accounts at this run's sandbox", async () => {
    const port = await freePort();
    const { plans, bindPorts } = bindLikeTheLauncher(await freePort(), port);
    const result = await prepareDemoDatabase({ databaseUrl: database.url(), sandboxUrl: `http://127.0.0.1:${port}`, bindPorts });
    expect(plans).toEqual([{ seeding: true }]);
    expect(result).toMatchObject({ seeded: true, repointed: [] });
    expect((await demoAccounts()).map((account) => account.baseUrl)).toEqual([
      `http://127.0.0.1:${port}/cardopenapi`,
      `http://127.0.0.1:${port}/cardepass/openapi`,
      `http://127.0.0.1:${port}/nobepay`,
    ]);
  });

  it("on a later run with another sandbox port, re-points the demo accounts to it and touches no operator's account", async () => {
    const [organization] = await database.db().select().from(organizations);
    const operatorAccount = (label: string, baseUrl: string, appKey: string) => ({
      organizationId: organization!.id,
      provider: "nobepay" as const,
      label,
      baseUrl,
      credentialsEncrypted: encryptJson({ appKey, appSecret: "real-secret" }),
      ...storedWebhookSecret(randomBytes(24).toString("base64url")),
    });
    // A tunnel to a real provider on a local port, and a real host with the sandbox's key: neither is the demo's.
    const [oldDemo] = await demoAccounts();
    const oldPort = new URL(oldDemo!.baseUrl).port;
    await database.db().insert(providerAccounts).values([
      operatorAccount("NobePay tunnel", `http://127.0.0.1:${oldPort}/nobepay`, "live-key"),
      operatorAccount("NobePay live", "https://api.nobepay.example/nobepay", "sandbox-key"),
    ]);

    const port = await freePort();
    const sandboxUrl = `http://127.0.0.1:${port}`;
    const { plans, bindPorts } = bindLikeTheLauncher(await freePort(), port);
    const result = await prepareDemoDatabase({ databaseUrl: database.url(), sandboxUrl, bindPorts });

    expect(plans).toEqual([{ seeding: false }]);
    expect(result.seeded).toBe(false);
    expect(result.repointed.map((moved) => moved.label).sort()).toEqual(["Card OPEN-API sandbox", "Cardepass sandbox", "NobePay sandbox"]);
    const byLabel = Object.fromEntries((await demoAccounts()).map((account) => [account.label, account.baseUrl]));
    expect(byLabel).toEqual({
      "Card OPEN-API sandbox": `${sandboxUrl}/cardopenapi`,
      "Cardepass sandbox": `${sandboxUrl}/cardepass/openapi`,
      "NobePay sandbox": `${sandboxUrl}/nobepay`,
      "NobePay tunnel": `http://127.0.0.1:${oldPort}/nobepay`,
      "NobePay live": "https://api.nobepay.example/nobepay",
    });
    // Each move is on the audit log, as an edit in the app would be.
    const audited = await database.db().select().from(auditLog).where(eq(auditLog.action, "provider_account.updated"));
    expect(audited).toHaveLength(3);
    expect(audited[0]!.summary).toMatchObject({ after: { baseUrl: expect.stringContaining(sandboxUrl) } });
    // The launcher's next step now finds this run's sandbox's NobePay account, so its webhooks come to this app.
    expect(await pointSandboxWebhooksAtApp({ databaseUrl: database.url(), sandboxUrl, appUrl: "http://127.0.0.1:9" })).toMatch(/^http:\/\/127\.0\.0\.1:9\/api\/webhooks\/nobepay\//);

    // A demo database from before migration 0048 keeps no readable copy of the secret: the launcher gives the sandbox
    // account a fresh one (audited) rather than leave the sandbox's webhooks pointing nowhere.
    await database.db().update(providerAccounts).set({ webhookSecretEncrypted: null }).where(eq(providerAccounts.label, "NobePay sandbox"));
    const rotated = await pointSandboxWebhooksAtApp({ databaseUrl: database.url(), sandboxUrl, appUrl: "http://127.0.0.1:9" });
    const [sandboxAccount] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.label, "NobePay sandbox"));
    const secret = readWebhookSecret(sandboxAccount!.webhookSecretEncrypted);
    expect(secret).not.toBeNull();
    expect(rotated).toBe(`http://127.0.0.1:9/api/webhooks/nobepay/${encodeURIComponent(secret!)}`);
    expect(sandboxAccount!.webhookSecretDigest).toBe(webhookSecretDigest(secret!));
    expect(await database.db().select().from(auditLog).where(eq(auditLog.action, "provider_account.webhook_url_rotated"))).toHaveLength(1);

    // Run again on the same port: nothing to move.
    const again = bindLikeTheLauncher(await freePort(), await freePort());
    await running.pop()!.close();
    const same = await prepareDemoDatabase({ databaseUrl: database.url(), sandboxUrl, bindPorts: async (plan) => again.plans.push(plan) });
    expect(same.repointed).toEqual([]);
  });
});

describe("a database before its first migration", () => {
  const name = `cardhub_blank_${randomBytes(6).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: inject("testServerUrl") });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  afterAll(() => admin(`drop database if exists "${name}" with (force)`));

  it("is left without a table when a port is taken, and is seeded on the next run", async () => {
    await admin(`create database "${name}"`);
    const url = new URL(inject("testServerUrl"));
    url.pathname = `/${name}`;
    const taken = bindLikeTheLauncher(await freePort(), occupiedPort);
    await expect(prepareDemoDatabase({ databaseUrl: url.toString(), sandboxUrl: `http://127.0.0.1:${occupiedPort}`, bindPorts: taken.bindPorts })).rejects.toThrow("already in use");
    expect(taken.plans).toEqual([{ seeding: true }]);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      expect((await client.query("select to_regclass('public.organizations') as found")).rows).toEqual([{ found: null }]);
      const result = await prepareDemoDatabase({ databaseUrl: url.toString(), sandboxUrl: "http://127.0.0.1:9", bindPorts: async () => undefined });
      expect(result.seeded).toBe(true);
      expect((await client.query("select count(*)::int as n from provider_accounts")).rows).toEqual([{ n: 3 }]);
    } finally {
      await client.end();
    }
  });
});
