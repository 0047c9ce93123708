import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { decryptJson } from "@/lib/crypto";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sandboxAlias } from "@/test/sandbox-alias";
import { connectProviderAccount } from "./connect-account";
import { updateProviderAccount } from "./update-account";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let organizationId: string;
const context = { organizationId: null, actorUserId: null, actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  organizationId = (await database.db().select().from(organizations).limit(1))[0]!.id;
});
afterAll(async () => sandbox?.close());

describe("connecting a provider account", () => {
  it("pings with the credentials, stores them encrypted and audits without them", async () => {
    const { id } = await connectProviderAccount(database.db(), { ...context, organizationId }, {
      organizationId,
      provider: "nobepay",
      label: "NobePay second",
      baseUrl: `${sandboxAlias(sandbox.url)}/nobepay`,
      credentials: { appKey: "sandbox-key", appSecret: "sandbox-secret" },
    });
    const [row] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, id));
    expect(row!.credentialsEncrypted).not.toContain("sandbox-secret");
    expect(decryptJson(row!.credentialsEncrypted)).toEqual({ appKey: "sandbox-key", appSecret: "sandbox-secret" });
    const [audit] = await database.db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "provider_account.created", targetId: id });
    expect(JSON.stringify(audit!.summary)).not.toContain("sandbox-secret");
  });

  it("refuses credentials the provider rejects, without echoing the secret, and saves nothing", async () => {
    const attempt = connectProviderAccount(database.db(), { ...context, organizationId }, {
      organizationId,
      provider: "cardepass",
      label: "Wrong secret",
      baseUrl: `${sandboxAlias(sandbox.url)}/cardepass/openapi`,
      credentials: { clientId: "sandbox-client", clientSecret: "not-the-secret-123" },
    });
    await expect(attempt).rejects.toMatchObject({ code: "provider_error" });
    await expect(attempt).rejects.not.toThrow(/not-the-secret-123/);
    expect(await database.db().select().from(providerAccounts).where(eq(providerAccounts.label, "Wrong secret"))).toHaveLength(0);
    // The typed credentials went to the address typed: the attempt is on record, without them.
    const [audit] = await database.db().select().from(auditLog).where(eq(auditLog.action, "provider_account.connect_failed")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({
      outcome: "failure",
      targetType: "provider_account",
      summary: { provider: "cardepass", label: "Wrong secret", baseUrl: `${sandboxAlias(sandbox.url)}/cardepass/openapi`, problem: expect.stringContaining("refused these credentials") },
    });
    expect(JSON.stringify(audit!.summary)).not.toContain("not-the-secret-123");
    expect(JSON.stringify(audit!.summary)).not.toContain("sandbox-client");
  });

  it("refuses incomplete credentials and a label already in use", async () => {
    const base = { organizationId, provider: "cardopenapi" as const, baseUrl: `${sandbox.url}/cardopenapi` };
    await expect(connectProviderAccount(database.db(), context, { ...base, label: "X", credentials: { customerId: 1 } })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      connectProviderAccount(database.db(), context, { ...base, label: "Card OPEN-API sandbox", credentials: { customerId: 10000011, appId: 100001, key: "sandbox-key" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    // Whatever its capitals: look-alike accounts in every picker invite issuing on the wrong one.
    await expect(
      connectProviderAccount(database.db(), context, { ...base, label: "card open-api SANDBOX", credentials: { customerId: 10000011, appId: 100001, key: "sandbox-key" } }),
    ).rejects.toMatchObject({ code: "conflict", fields: { label: "Choose another label." } });
  });

  it("refuses renaming an account to another's label in other capitals, and lets it change its own capitals", async () => {
    const [nobepay] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.label, "NobePay sandbox"));
    const admin = { ...context, organizationId };
    const edit = (label: string) => updateProviderAccount(database.db(), admin, { accountId: nobepay!.id, label, baseUrl: nobepay!.baseUrl, credentials: {}, timeZone: nobepay!.settings.timeZone, apiVersion: nobepay!.settings.apiVersion });
    await expect(edit("CARDEPASS SANDBOX")).rejects.toMatchObject({ code: "conflict", fields: { label: "Choose another label." } });
    expect((await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, nobepay!.id)))[0]!.label).toBe("NobePay sandbox");
    await edit("NOBEPAY sandbox");
    expect((await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, nobepay!.id)))[0]!.label).toBe("NOBEPAY sandbox");
  });

  it("records which Cardepass document the account follows, detected when not chosen", async () => {
    // cardepass-v2.md: GET /v1/accounts answers one object ("accountBalance": 1000.50, "availableBalance": 950.00, ...);
    // cardepass-v1.md answers an array of { currency, amount }. The version then decides what top-ups write.
    const v2 = await startSandbox({ port: 0, quiet: true, cardepassVersion: "v2" });
    try {
      const connect = (label: string, url: string, settings?: { apiVersion?: string }) =>
        connectProviderAccount(database.db(), { ...context, organizationId }, {
          organizationId,
          provider: "cardepass",
          label,
          baseUrl: `${url}/cardepass/openapi`,
          credentials: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
          settings,
        });
      const settingsOf = async (id: string) => (await database.db().select().from(providerAccounts).where(eq(providerAccounts.id, id)))[0]!.settings;
      expect(await settingsOf((await connect("Cardepass v2", v2.url)).id)).toEqual({ apiVersion: "v2" });
      expect(await settingsOf((await connect("Cardepass v1", sandboxAlias(sandbox.url))).id)).toEqual({ apiVersion: "v1" });
      expect(await settingsOf((await connect("Cardepass chosen", sandboxAlias(v2.url), { apiVersion: "v1" })).id)).toEqual({ apiVersion: "v1" });
    } finally {
      await v2.close();
    }
  });

  it("refuses an account the organisation already reads, however its base URL is written, and saves nothing", async () => {
    const count = async () => (await database.db().select().from(providerAccounts).where(eq(providerAccounts.organizationId, organizationId))).length;
    const before = await count();
    for (const baseUrl of [`${sandbox.url}/cardopenapi`, `${sandbox.url}/cardopenapi/`, `${sandbox.url.toUpperCase().replace("HTTP://", "http://")}/cardopenapi`]) {
      const attempt = connectProviderAccount(database.db(), { ...context, organizationId }, {
        organizationId,
        provider: "cardopenapi",
        label: `Card OPEN-API again ${baseUrl.length}`,
        baseUrl,
        // Another app of the same customer sees the same cards.
        credentials: { customerId: 10000011, appId: 100002, key: "sandbox-key" },
        check: false,
      });
      await expect(attempt).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringContaining('already connected as "Card OPEN-API sandbox"'),
        fields: { "credentials.customerId": expect.any(String) },
      });
    }
    expect(await count()).toBe(before);
  });

  it("lets one of two simultaneous connections of the same account through", async () => {
    const connect = (label: string) =>
      connectProviderAccount(database.db(), { ...context, organizationId }, {
        organizationId,
        provider: "nobepay",
        label,
        baseUrl: "https://api.nobepay.example/one",
        credentials: { appKey: "race-key", appSecret: "race-secret" },
        check: false,
      });
    const results = await Promise.allSettled([connect("Race one"), connect("Race two"), connect("Race three")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((entry) => entry.status === "rejected")) expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    const rows = await database.db().select().from(providerAccounts).where(eq(providerAccounts.baseUrl, "https://api.nobepay.example/one"));
    expect(rows).toHaveLength(1);
  });
});
