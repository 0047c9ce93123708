/**
 * Review cardepass43 F2: a changed secret is proven with a ping before it is saved. A token this process cached under
 * the old secret (any call of the account in the last hour) must not prove it: the provider keeps an old token valid
 * until it expires (cardepass-v1.md:68), so a mistyped secret would be saved and fail every call once that token ran out.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { decryptJson } from "@/lib/crypto";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { pingOrExplain } from "@/lib/provider-accounts/connect-account";
import { testProviderConnection } from "@/lib/provider-accounts/test-connection";
import { updateProviderAccount } from "@/lib/provider-accounts/update-account";
import { createProvider, type ProviderAccountConfig, type ProviderCredentials } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { sharedTokenCache } from "@/lib/providers/token-cache";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let organizationId: string;
/** The sandbox behind a gateway that, once `revoked`, refuses every new Cardepass token (the secret was revoked). */
let gateway: Server;
let gatewayUrl = "";
let revoked = false;
const context = { organizationId: null, actorUserId: null, actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  organizationId = (await database.db().select().from(organizations).limit(1))[0]!.id;
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      if (revoked && req.url?.endsWith("/connect/token")) {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_client" }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name))) as Record<string, string>;
      const body = Buffer.concat(chunks);
      const upstream = await fetch(`${sandbox.url}${req.url}`, { method: req.method, headers, body: body.length > 0 ? body : undefined });
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(await upstream.text());
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => gateway?.close(resolve));
  await sandbox?.close();
});

const cases = [
  { provider: "cardepass" as const, secretField: "clientSecret" },
  { provider: "nobepay" as const, secretField: "appSecret" },
];

describe("changing a provider account's secret while a token of the old one is cached", () => {
  it.each(cases)("$provider: a wrong secret is refused by the ping and nothing is saved", async ({ provider, secretField }) => {
    const db = database.db();
    const [row] = await db.select().from(providerAccounts).where(eq(providerAccounts.provider, provider));
    sharedTokenCache.clear();
    // A call of this process caches a token fetched with the stored (right) secret.
    await (await providerForAccount(db, row!.id)).ping();

    const wrongSecret = `typo-${provider}-secret`;
    const attempt = updateProviderAccount(db, { ...context, organizationId }, {
      accountId: row!.id,
      label: row!.label,
      baseUrl: row!.baseUrl,
      credentials: { [secretField]: wrongSecret },
      timeZone: row!.settings.timeZone,
      apiVersion: row!.settings.apiVersion,
    });

    await expect(attempt).rejects.toMatchObject({ code: "provider_error" });
    await expect(attempt).rejects.not.toThrow(wrongSecret);
    const [after] = await db.select().from(providerAccounts).where(eq(providerAccounts.id, row!.id));
    expect(after!.credentialsEncrypted).toBe(row!.credentialsEncrypted);
    expect(after!.updatedAt.getTime()).toBe(row!.updatedAt.getTime());
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "provider_account.updated"), eq(auditLog.targetId, row!.id)))).toHaveLength(0);
    // The typed secret went to the account's address: the refused change is on record, without it.
    const [refused] = await db.select().from(auditLog).where(and(eq(auditLog.action, "provider_account.change_failed"), eq(auditLog.targetId, row!.id)));
    expect(refused).toMatchObject({
      outcome: "failure",
      targetType: "provider_account",
      summary: { provider, label: row!.label, baseUrl: row!.baseUrl, replacedCredentialFields: [secretField], problem: expect.stringContaining("refused") },
    });
    expect(JSON.stringify(refused!.summary)).not.toContain(wrongSecret);
    // The stored secret still works.
    await expect((await providerForAccount(db, row!.id)).ping()).resolves.toMatchObject({ latencyMs: expect.any(Number) });
  });
});

describe("the ping that proves credentials", () => {
  it("fetches a token with them, so a token this process cached earlier cannot prove credentials the provider now refuses", async () => {
    const [row] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.provider, "cardepass"));
    const config: ProviderAccountConfig = {
      id: row!.id,
      provider: "cardepass",
      baseUrl: row!.baseUrl.replace(sandbox.url, gatewayUrl),
      credentials: decryptJson(row!.credentialsEncrypted) as ProviderCredentials,
      settings: row!.settings,
    };
    sharedTokenCache.clear();
    revoked = false;
    await createProvider(config).ping();

    revoked = true;
    // The old token still works (cardepass-v1.md:68), so an ordinary call of this process still succeeds...
    await expect(createProvider(config).ping()).resolves.toMatchObject({ latencyMs: expect.any(Number) });
    // ...but the proof asks for a token with these credentials, and the provider refuses it.
    await expect(pingOrExplain(config)).rejects.toMatchObject({ code: "provider_error" });
  });
});

describe("Test connection on a saved account", () => {
  it("asks for a token with the stored credentials, so a token cached before they were revoked does not report the account connected", async () => {
    const [row] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.provider, "cardepass"));
    await database.db().update(providerAccounts).set({ baseUrl: row!.baseUrl.replace(sandbox.url, gatewayUrl) }).where(eq(providerAccounts.id, row!.id));
    const [stored] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, row!.id));
    sharedTokenCache.clear();
    revoked = false;
    await createProvider(toProviderAccountConfig(stored!)).ping();

    revoked = true;
    const result = await testProviderConnection(database.db(), { ...context, organizationId }, { accountId: row!.id });
    expect(result).toMatchObject({ ok: false });
  });
});

