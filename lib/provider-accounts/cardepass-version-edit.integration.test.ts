import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts, toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { createProvider } from "@/lib/providers";
import { CardepassProvider } from "@/lib/providers/cardepass/cardepass-provider";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { addProviderAccountAction } = await import("@/lib/actions/provider-accounts/add-provider-account");
const { editProviderAccountAction } = await import("@/lib/actions/provider-accounts/edit-provider-account");

const database = withTestDatabase();
const db = () => database.db();
// The demo's accounts read a sandbox serving cardepass-v1.md; a second sandbox serves cardepass-v2.md.
let v1: RunningSandbox;
let v2: RunningSandbox;
let v1AccountId = "";
let v2AccountId = "";
const credentials = { clientId: "sandbox-client", clientSecret: "sandbox-secret" };

beforeAll(async () => {
  v1 = await startSandbox({ port: 0, quiet: true });
  v2 = await startSandbox({ port: 0, quiet: true, cardepassVersion: "v2" });
  await seedDemo(db(), { sandboxUrl: v1.url });
  session.user = await sessionUserFor(db(), "admin@demo.test");
  v1AccountId = (await listProviderAccounts(db(), { organizationId: session.user.organizationId })).find((account) => account.provider === "cardepass")!.id;
  const added = await addProviderAccountAction({ provider: "cardepass", label: "Cardepass v2", baseUrl: `${v2.url}/cardepass/openapi`, credentials });
  expect(added).toMatchObject({ ok: true });
  v2AccountId = (added as { data: { id: string } }).data.id;
});
afterAll(async () => {
  await v1?.close();
  await v2?.close();
});

const rowOf = async (id: string) => (await db().select().from(providerAccounts).where(eq(providerAccounts.id, id)))[0]!;
const documentVersionOf = async (id: string) => (createProvider(toProviderAccountConfig(await rowOf(id))) as CardepassProvider).documentVersion;
/** What the Settings dialog sends for a Cardepass account: every field as shown, the version as the admin left it. */
const editVersion = async (id: string, apiVersion: string) => {
  const row = await rowOf(id);
  return editProviderAccountAction({ accountId: id, label: row.label, baseUrl: row.baseUrl, credentials: {}, timeZone: "", apiVersion, loadedUpdatedAt: row.updatedAt.toISOString() });
};
const lastUpdateAudit = async () => (await db().select().from(auditLog).where(eq(auditLog.action, "provider_account.updated")).orderBy(desc(auditLog.id)).limit(1))[0];

describe("a Cardepass account's document version, edited", () => {
  it("was detected as v2 when the account was connected", async () => {
    expect((await rowOf(v2AccountId)).settings).toEqual({ apiVersion: "v2" });
    expect(await documentVersionOf(v2AccountId)).toBe("v2");
  });

  it("left blank keeps the stored version, and the audit row says so", async () => {
    expect(await editVersion(v2AccountId, "")).toMatchObject({ ok: true });
    expect((await rowOf(v2AccountId)).settings).toEqual({ apiVersion: "v2" });
    expect(await documentVersionOf(v2AccountId)).toBe("v2");
    expect((await lastUpdateAudit())!.summary).toMatchObject({ before: { apiVersion: "v2" }, after: { apiVersion: "v2" } });
  });

  it("typed in other capitals or with spaces is that version", async () => {
    for (const typed of ["V2", " v2 "]) {
      expect(await editVersion(v2AccountId, typed), typed).toMatchObject({ ok: true });
      expect((await rowOf(v2AccountId)).settings, typed).toEqual({ apiVersion: "v2" });
    }
    expect(await documentVersionOf(v2AccountId)).toBe("v2");
  });

  it("refuses anything but v1 or v2 on its field, and saves nothing", async () => {
    const before = await rowOf(v2AccountId);
    for (const typed of ["v3", "2", "v2.0", "latest"]) {
      expect(await editVersion(v2AccountId, typed), typed).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { apiVersion: expect.stringContaining("v1 or v2") } } });
    }
    expect(await rowOf(v2AccountId)).toEqual(before);
  });

  it("refuses, on its field, a version the provider's server does not follow, and saves nothing", async () => {
    const v2Before = await rowOf(v2AccountId);
    expect(await editVersion(v2AccountId, "v1")).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { apiVersion: expect.stringContaining("follows document v2") } } });
    expect(await rowOf(v2AccountId)).toEqual(v2Before);

    // The demo's Cardepass account stores no version: it is read as v1.
    const v1Before = await rowOf(v1AccountId);
    expect(await documentVersionOf(v1AccountId)).toBe("v1");
    expect(await editVersion(v1AccountId, "v2")).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { apiVersion: expect.stringContaining("follows document v1") } } });
    expect(await rowOf(v1AccountId)).toEqual(v1Before);
  });

  it("saves and audits a change the provider's server confirms", async () => {
    // An account whose stored version is wrong (connected with a version chosen by hand, or before detection existed).
    await db().update(providerAccounts).set({ settings: { apiVersion: "v1" } }).where(eq(providerAccounts.id, v2AccountId));
    expect(await editVersion(v2AccountId, "v2")).toMatchObject({ ok: true });
    expect((await rowOf(v2AccountId)).settings).toEqual({ apiVersion: "v2" });
    expect((await lastUpdateAudit())!.summary).toMatchObject({ before: { apiVersion: "v1" }, after: { apiVersion: "v2" } });
  });
});

describe("a Cardepass account moved to another server", () => {
  it("is asked of the new server: the version stored, left blank, is refused on its field when the new server follows the other document", async () => {
    const anotherV1 = await startSandbox({ port: 0, quiet: true });
    try {
      await db().update(providerAccounts).set({ settings: { apiVersion: "v2" } }).where(eq(providerAccounts.id, v2AccountId));
      const before = await rowOf(v2AccountId);
      // Another server (another origin) takes every secret typed again.
      const move = (apiVersion: string) =>
        editProviderAccountAction({ accountId: v2AccountId, label: before.label, baseUrl: `${anotherV1.url}/cardepass/openapi`, credentials, timeZone: "", apiVersion, loadedUpdatedAt: before.updatedAt.toISOString() });

      expect(await move("")).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { apiVersion: expect.stringContaining("follows document v1, not v2") } } });
      expect(await rowOf(v2AccountId)).toEqual(before);

      expect(await move("v1")).toMatchObject({ ok: true });
      const after = await rowOf(v2AccountId);
      expect(after.baseUrl).toBe(`${anotherV1.url}/cardepass/openapi`);
      expect(after.settings).toEqual({ apiVersion: "v1" });
    } finally {
      await anotherV1.close();
    }
  });
});

describe("a Cardepass account's document version, chosen when connecting", () => {
  it("is read in any capitals, and anything but v1 or v2 is refused on its field", async () => {
    const added = await addProviderAccountAction({ provider: "cardepass", label: "Cardepass typed V2", baseUrl: `${v2.url.replace("127.0.0.1", "localhost")}/cardepass/openapi`, credentials, apiVersion: "V2" });
    expect(added).toMatchObject({ ok: true });
    expect((await rowOf((added as { data: { id: string } }).data.id)).settings).toEqual({ apiVersion: "v2" });

    const refused = await addProviderAccountAction({ provider: "cardepass", label: "Cardepass typed v3", baseUrl: `${v1.url.replace("127.0.0.1", "localhost")}/cardepass/openapi`, credentials, apiVersion: "v3" });
    expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { apiVersion: expect.stringContaining("v1 or v2") } } });
    expect((await db().select().from(providerAccounts).where(eq(providerAccounts.label, "Cardepass typed v3"))).length).toBe(0);
  });
});
