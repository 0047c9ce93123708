import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listPeoplePage } from "@/db/queries/people";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { decryptJson } from "@/lib/crypto";
import { createProvider } from "@/lib/providers";
import { currentTotpCode } from "@/lib/two-factor/totp";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sandboxAlias } from "@/test/sandbox-alias";
import { serializeAll } from "@/test/serialize";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { listProviderAccountViews } from "./account-view";
import { rotateEncryptionKey } from "./rotate-key";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { addProviderAccountAction } = await import("@/lib/actions/provider-accounts/add-provider-account");
const { editProviderAccountAction } = await import("@/lib/actions/provider-accounts/edit-provider-account");
const { setProviderAccountActiveAction } = await import("@/lib/actions/provider-accounts/set-provider-account-active");
const { testProviderAccountAction } = await import("@/lib/actions/provider-accounts/test-provider-account");
const { startTwoFactorAction, confirmTwoFactorAction } = await import("@/lib/actions/account/two-factor");
const { resetPasswordAction } = await import("@/lib/actions/users/reset-password");

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let otherOrgAccountId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  const [other] = await db().insert(organizations).values({ name: "Other Company" }).returning();
  const [account] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "nobepay", label: "Theirs", baseUrl: `${sandbox.url}/nobepay`, credentialsEncrypted: "v1.x.y.z", ...storedWebhookSecret("w") })
    .returning();
  otherOrgAccountId = account!.id;
});
afterAll(async () => sandbox?.close());

async function asAdmin() {
  session.user = await sessionUserFor(db(), "admin@demo.test");
  return session.user;
}

describe("provider accounts in Settings", () => {
  it("adds an account after a successful ping; a wrong secret gets a plain error on nothing saved", async () => {
    await asAdmin();
    // The seeded "Cardepass sandbox" reads this account already: a second connection would import it twice.
    const again = await addProviderAccountAction({
      provider: "cardepass",
      label: "Cardepass EUR",
      baseUrl: `${sandbox.url}/cardepass/openapi/`,
      credentials: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
    });
    expect(again).toMatchObject({ ok: false, error: { code: "conflict", fields: { "credentials.clientId": expect.stringContaining('already connected as "Cardepass sandbox"') } } });
    const wrong = await addProviderAccountAction({
      provider: "cardepass",
      label: "Cardepass EUR",
      baseUrl: `${sandboxAlias(sandbox.url)}/cardepass/openapi`,
      credentials: { clientId: "sandbox-client", clientSecret: "wrong-secret-value" },
    });
    // Told on the fields to correct as well as in the form's message.
    expect(wrong).toMatchObject({
      ok: false,
      error: {
        code: "provider_error",
        message: expect.stringMatching(/refused these credentials/),
        fields: { "credentials.clientId": expect.stringContaining("refused"), "credentials.clientSecret": expect.stringContaining("refused") },
      },
    });
    expect(serializeAll(wrong)).not.toContain("wrong-secret-value");
    const nowhere = await addProviderAccountAction({
      provider: "cardepass",
      label: "Cardepass EUR",
      baseUrl: `${sandboxAlias(sandbox.url)}/nowhere`,
      credentials: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
    });
    expect(nowhere).toMatchObject({ ok: false, error: { code: "provider_error", fields: { baseUrl: expect.stringContaining("base URL") } } });
    expect(Object.keys(nowhere.ok ? {} : (nowhere.error.fields ?? {}))).toEqual(["baseUrl"]);

    const added = await addProviderAccountAction({
      provider: "cardepass",
      label: "Cardepass EUR",
      baseUrl: `${sandboxAlias(sandbox.url)}/cardepass/openapi`,
      credentials: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
    });
    expect(added).toMatchObject({ ok: true, data: { id: expect.any(String) } });
  });

  it("names each missing field at once", async () => {
    await asAdmin();
    const result = await addProviderAccountAction({ provider: "cardopenapi", label: "", baseUrl: "not a url", credentials: {} });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { label: expect.any(String) } } });
    const second = await addProviderAccountAction({ provider: "cardopenapi", label: "COA", baseUrl: "ftp://x", credentials: { key: "k" } });
    expect(second).toMatchObject({ ok: false, error: { fields: { baseUrl: expect.any(String), "credentials.customerId": expect.any(String), "credentials.appId": expect.any(String) } } });
  });

  it("tests the connection in plain words and records the account's health", async () => {
    const admin = await asAdmin();
    const [account] = (await listProviderAccounts(db(), { organizationId: admin.organizationId })).filter((item) => item.label === "NobePay sandbox");
    const ok = await testProviderAccountAction({ accountId: account!.id });
    // NobePay's ping answers no words of its own: none are quoted (it read "answered "NobePay answered"").
    expect(ok).toMatchObject({ ok: true, data: { ok: true, message: expect.stringMatching(/^Connected\. The provider answered in \d+ ms\.$/) } });
    const [cardepass] = (await listProviderAccounts(db(), { organizationId: admin.organizationId })).filter((item) => item.label === "Cardepass sandbox");
    // cardepass-v1.md's ping answers a text ("Ping Success"), quoted as the provider's own.
    expect(await testProviderAccountAction({ accountId: cardepass!.id })).toMatchObject({ ok: true, data: { ok: true, message: expect.stringMatching(/^Connected\. The provider answered "Ping Success" in \d+ ms\.$/) } });
    // Break the stored base URL: the test reports it and the error becomes the account's last error.
    await db().update(providerAccounts).set({ baseUrl: `${sandbox.url}/nowhere` }).where(eq(providerAccounts.id, account!.id));
    const broken = await testProviderAccountAction({ accountId: account!.id });
    expect(broken).toMatchObject({ ok: true, data: { ok: false, message: expect.any(String) } });
    expect((await findProviderAccount(db(), account!.id))!.lastError).toBe(broken.ok ? (broken.data as { message: string }).message : null);
    await db().update(providerAccounts).set({ baseUrl: `${sandbox.url}/nobepay` }).where(eq(providerAccounts.id, account!.id));
    await testProviderAccountAction({ accountId: account!.id });
    expect((await findProviderAccount(db(), account!.id))!.lastError).toBeNull();
  });

  it("answers a test of a hanging provider within one wait of the account's, not after an order's retries", async () => {
    const admin = await asAdmin();
    const [account] = (await listProviderAccounts(db(), { organizationId: admin.organizationId })).filter((item) => item.label === "NobePay sandbox");
    const settings = (await findProviderAccount(db(), account!.id))!.settings;
    await db().update(providerAccounts).set({ settings: { ...settings, timeoutMs: 300, maxRetryMs: 6_000 } }).where(eq(providerAccounts.id, account!.id));
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "nobepay", hangRate: 1 }) });
    try {
      const began = Date.now();
      const hung = await testProviderAccountAction({ accountId: account!.id });
      // A token request and a ping, one attempt each (300 ms apiece); the 6 s of retries would hold the button.
      expect(Date.now() - began).toBeLessThan(2_500);
      expect(hung).toMatchObject({ ok: true, data: { ok: false } });
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
      await db().update(providerAccounts).set({ settings }).where(eq(providerAccounts.id, account!.id));
    }
  });

  it("edits without the browser ever holding the secret: blank keeps it, a new one is pinged first", async () => {
    const admin = await asAdmin();
    const [account] = (await listProviderAccounts(db(), { organizationId: admin.organizationId })).filter((item) => item.label === "Cardepass EUR");
    expect(await editProviderAccountAction({ accountId: account!.id, label: "Cardepass Euro", baseUrl: account!.baseUrl, credentials: {} })).toMatchObject({ ok: true });
    const row = await findProviderAccount(db(), account!.id);
    expect(row!.label).toBe("Cardepass Euro");
    expect(decryptJson(row!.credentialsEncrypted)).toEqual({ clientId: "sandbox-client", clientSecret: "sandbox-secret" });
    const refused = await editProviderAccountAction({ accountId: account!.id, label: "Cardepass Euro", baseUrl: account!.baseUrl, credentials: { clientSecret: "replacement-wrong" } });
    expect(refused).toMatchObject({ ok: false, error: { code: "provider_error" } });
    expect(decryptJson((await findProviderAccount(db(), account!.id))!.credentialsEncrypted)).toEqual({ clientId: "sandbox-client", clientSecret: "sandbox-secret" });
    // Pointed at another server, the stored secret is not sent there: it must be typed again. Nothing is saved.
    const elsewhere = await editProviderAccountAction({ accountId: account!.id, label: "Cardepass Euro", baseUrl: "https://collector.example.test/openapi", credentials: {} });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { "credentials.clientSecret": expect.stringContaining("another server") } } });
    expect((await findProviderAccount(db(), account!.id))!.baseUrl).toBe(account!.baseUrl);
    // Pointed at the seeded account's API (its secret typed again), it would read the same account twice: refused
    // before any ping.
    const moved = await editProviderAccountAction({ accountId: account!.id, label: "Cardepass Euro", baseUrl: `${sandbox.url}/cardepass/openapi`, credentials: { clientSecret: "sandbox-secret" } });
    expect(moved).toMatchObject({ ok: false, error: { code: "conflict", fields: { "credentials.clientId": expect.stringContaining("Cardepass sandbox") } } });
    expect((await findProviderAccount(db(), account!.id))!.baseUrl).toBe(account!.baseUrl);
    // The only change saved is the rename; the wrong secret the ping refused is on record as refused (once: the two
    // refusals above never reached the provider).
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, account!.id), eq(auditLog.action, "provider_account.updated"))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ summary: { before: { label: "Cardepass EUR" }, after: { label: "Cardepass Euro" }, replacedCredentialFields: [] } });
    const refusals = await db().select().from(auditLog).where(and(eq(auditLog.targetId, account!.id), eq(auditLog.action, "provider_account.change_failed")));
    expect(refusals).toEqual([expect.objectContaining({ outcome: "failure", summary: expect.objectContaining({ replacedCredentialFields: ["clientSecret"], baseUrl: account!.baseUrl }) })]);
  });

  it("disables and re-enables, audited, and refuses other organisations and non-admins", async () => {
    const admin = await asAdmin();
    const [account] = (await listProviderAccounts(db(), { organizationId: admin.organizationId })).filter((item) => item.label === "Cardepass Euro");
    expect(await setProviderAccountActiveAction({ accountId: account!.id, active: false })).toMatchObject({ ok: true });
    expect((await findProviderAccount(db(), account!.id))!.active).toBe(false);
    expect(await setProviderAccountActiveAction({ accountId: account!.id, active: true })).toMatchObject({ ok: true });
    expect(await setProviderAccountActiveAction({ accountId: otherOrgAccountId, active: false })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await testProviderAccountAction({ accountId: otherOrgAccountId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await editProviderAccountAction({ accountId: otherOrgAccountId, label: "Mine", baseUrl: "https://x.test", credentials: {} })).toMatchObject({ ok: false, error: { code: "not_found" } });
    session.user = await sessionUserFor(db(), "finance@demo.test");
    expect(await setProviderAccountActiveAction({ accountId: account!.id, active: false })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await addProviderAccountAction({ provider: "nobepay", label: "X", baseUrl: `${sandbox.url}/nobepay`, credentials: {} })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("never sends a stored secret, password hash or TOTP secret to a page, an action answer, a log line or an audit row", async () => {
    const admin = await asAdmin();
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))));
    const answers: unknown[] = [];
    const oneTime: string[] = [];
    try {
      answers.push(await addProviderAccountAction({ provider: "nobepay", label: "NobePay leak test", baseUrl: `${sandboxAlias(sandbox.url)}/nobepay`, credentials: { appKey: "sandbox-key", appSecret: "sandbox-secret" } }));
      answers.push(await addProviderAccountAction({ provider: "cardopenapi", label: "COA leak test", baseUrl: `${sandboxAlias(sandbox.url)}/cardopenapi`, credentials: { customerId: "10000011", appId: "100001", key: "sandbox-key" } }));
      for (const account of await listProviderAccounts(db(), { organizationId: admin.organizationId })) answers.push(await testProviderAccountAction({ accountId: account.id }));
      // The authenticator secret and recovery codes are shown to their owner once (these two answers), then never again.
      session.user = await sessionUserFor(db(), "finance@demo.test");
      const started = await startTwoFactorAction({});
      if (!started.ok) throw new Error(started.error.message);
      const confirmed = await confirmTwoFactorAction({ code: currentTotpCode(started.data.secret) });
      if (!confirmed.ok) throw new Error(confirmed.error.message);
      oneTime.push(started.data.secret, ...confirmed.data.recoveryCodes);
      session.user = admin;
      answers.push(await resetPasswordAction({ userId: (await sessionUserFor(db(), "employee@demo.test")).id }));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const views = await listProviderAccountViews(db(), admin.organizationId);
    expect(views.length).toBeGreaterThanOrEqual(5);
    const people = await db().select({ passwordHash: users.passwordHash }).from(users);
    const secrets = ["sandbox-secret", "sandbox-key", ...people.map((person) => person.passwordHash), ...oneTime];
    expect(oneTime).toHaveLength(11);
    const audit = serializeAll(await db().select().from(auditLog));
    for (const [where, text] of [
      ["page data", serializeAll([views, (await listPeoplePage(db(), { organizationId: admin.organizationId, limit: 1_000 })).rows])],
      ["action answers", serializeAll(answers)],
      ["logs", logged.join("\n")],
      ["audit rows", audit],
    ] as const) {
      for (const secret of secrets) expect(text.includes(secret), `${where} contain a secret`).toBe(false);
    }
  });

  it("rotates the encryption key in one transaction and every account keeps working", async () => {
    const oldKey = process.env.ENCRYPTION_KEY!;
    const newKey = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    const context = { organizationId: null, actorUserId: null, actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" };
    await expect(rotateEncryptionKey(db(), context, { oldKey, newKey: "too-short" })).rejects.toThrow(/32 bytes/);
    // One unreadable payload and nothing changes.
    const [broken] = await db()
      .insert(providerAccounts)
      .values({ organizationId: (await sessionUserFor(db(), "admin@demo.test")).organizationId, provider: "nobepay", label: "Unreadable", baseUrl: "https://x.test", credentialsEncrypted: "v1.AAAA.BBBB.CCCC", ...storedWebhookSecret("w2") })
      .returning();
    const before = await db().select({ id: providerAccounts.id, encrypted: providerAccounts.credentialsEncrypted }).from(providerAccounts);
    await expect(rotateEncryptionKey(db(), context, { oldKey, newKey })).rejects.toThrow(/nothing was changed/);
    expect(await db().select({ id: providerAccounts.id, encrypted: providerAccounts.credentialsEncrypted }).from(providerAccounts)).toEqual(before);
    await db().delete(providerAccounts).where(eq(providerAccounts.id, broken!.id));
    await db().delete(providerAccounts).where(eq(providerAccounts.id, otherOrgAccountId));

    const summary = await rotateEncryptionKey(db(), context, { oldKey, newKey });
    const rows = await db().select().from(providerAccounts);
    expect(summary.providerAccounts).toBe(rows.length);
    for (const row of rows) {
      expect(() => decryptJson(row.credentialsEncrypted, oldKey)).toThrow();
      const credentials = decryptJson(row.credentialsEncrypted, newKey);
      const ping = await createProvider({ id: row.id, provider: row.provider, baseUrl: row.baseUrl, credentials, settings: row.settings } as Parameters<typeof createProvider>[0]).ping();
      expect(ping.ok).toBe(true);
    }
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, "encryption.key_rotated"));
    expect(audit!.summary).toEqual({ providerAccounts: rows.length, authenticators: 1 });
    expect(serializeAll(audit)).not.toContain(newKey);
  });
});
