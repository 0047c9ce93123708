import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listLowBalances } from "@/db/queries/low-balance";
import { createSession } from "@/db/queries/sessions";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { organizationSettings } from "@/db/schema/settings";
import { sessions } from "@/db/schema/sessions";
import { seedDemo } from "@/db/seed";
import { resolveSession } from "@/lib/auth/resolve-session";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { getSettings } from "./get-settings";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { updateSettingsAction } = await import("@/lib/actions/settings/update-settings");

const database = withTestDatabase();
const db = () => database.db();
/** A save from Settings → General opened now: the form sends what it showed with what the admin typed. */
const save = async (patch: Record<string, unknown>) => updateSettingsAction({ ...patch, loaded: await getSettings(db(), session.user!.organizationId) });

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("settings", () => {
  it("require two-factor for finance and admin in a new organisation, and for nobody in the demo", async () => {
    const [fresh] = await db().insert(organizations).values({ name: "Fresh Co" }).returning();
    expect(await getSettings(db(), fresh!.id)).toEqual({
      revealRateLimit: { max: 5, windowMinutes: 10 },
      sessionIdleMinutes: 30,
      twoFactorRequiredRoles: ["admin", "finance"],
      lowBalanceThresholds: [],
    });
    const admin = await sessionUserFor(db(), "admin@demo.test");
    expect((await getSettings(db(), admin.organizationId)).twoFactorRequiredRoles).toEqual([]);
  });

  it("validates every field, reports them all at once and writes nothing", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const result = await save({
      revealRateLimit: { max: 0, windowMinutes: 5000 },
      sessionIdleMinutes: 1,
      twoFactorRequiredRoles: ["wizard"],
      lowBalanceThresholds: [{ providerAccountId: "nope", currency: "U5D", amountMinor: "-5" }],
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "invalid_input",
        fields: {
          "revealRateLimit.max": expect.any(String),
          "revealRateLimit.windowMinutes": expect.any(String),
          sessionIdleMinutes: expect.any(String),
          "twoFactorRequiredRoles.0": expect.any(String),
          "lowBalanceThresholds.0.providerAccountId": expect.any(String),
          "lowBalanceThresholds.0.currency": expect.any(String),
          "lowBalanceThresholds.0.amountMinor": expect.any(String),
        },
      },
    });
    expect(await save({ somethingElse: 1 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  it("saves, audits before and after, and refuses another organisation's account in a threshold", async () => {
    const admin = (session.user = await sessionUserFor(db(), "admin@demo.test"));
    const [account] = await listProviderAccounts(db(), { organizationId: admin.organizationId });
    const saved = await save({ revealRateLimit: { max: 2, windowMinutes: 60 }, lowBalanceThresholds: [{ providerAccountId: account!.id, currency: "USD", amountMinor: "50000" }] });
    expect(saved).toMatchObject({ ok: true, data: { settings: { revealRateLimit: { max: 2, windowMinutes: 60 }, sessionIdleMinutes: 30 }, changed: ["revealRateLimit", "lowBalanceThresholds"] } });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, "settings.updated")).orderBy(desc(auditLog.id)).limit(1);
    expect(audit!.summary).toEqual({
      changes: {
        revealRateLimit: { before: { max: 5, windowMinutes: 10 }, after: { max: 2, windowMinutes: 60 } },
        lowBalanceThresholds: { before: [], after: [{ providerAccountId: account!.id, currency: "USD", amountMinor: "50000" }] },
      },
      // The account as it was labelled, for the audit sentence ("USD on … at $500.00 added").
      thresholdAccounts: { [account!.id]: account!.label },
    });
    expect(await save({ lowBalanceThresholds: [{ providerAccountId: "00000000-0000-4000-8000-000000000009", currency: "USD", amountMinor: "1" }] })).toMatchObject({
      ok: false,
      error: { fields: { "lowBalanceThresholds.0.providerAccountId": expect.any(String) } },
    });
    session.user = await sessionUserFor(db(), "finance@demo.test");
    expect(await save({ sessionIdleMinutes: 600 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("applies the idle timeout from the next request, without a restart", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const created = await createSession(db(), { userId: employee.id, expiresAt: new Date(Date.now() + 12 * 3_600_000), ip: null, userAgent: null });
    await db().update(sessions).set({ lastSeenAt: new Date(Date.now() - 20 * 60_000) }).where(eq(sessions.id, created.id));
    expect(await resolveSession(db(), created.id)).not.toBeNull();
    await db().update(sessions).set({ lastSeenAt: new Date(Date.now() - 20 * 60_000) }).where(eq(sessions.id, created.id));
    session.user = await sessionUserFor(db(), "admin@demo.test");
    expect(await save({ sessionIdleMinutes: 15 })).toMatchObject({ ok: true });
    expect(await resolveSession(db(), created.id)).toBeNull();
  });
});

describe("low-balance thresholds' currencies", () => {
  it("refuses a code that is not an ISO 4217 currency on the threshold's currency field, and writes nothing", async () => {
    const admin = (session.user = await sessionUserFor(db(), "admin@demo.test"));
    const [account] = await listProviderAccounts(db(), { organizationId: admin.organizationId });
    const before = await getSettings(db(), admin.organizationId);
    for (const currency of ["USS", "ZZZ"]) {
      const result = await save({ lowBalanceThresholds: [{ providerAccountId: account!.id, currency, amountMinor: "50000" }] });
      expect(result, currency).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { "lowBalanceThresholds.0.currency": "Unknown currency code." } } });
      expect(result.ok ? {} : result.error.fields, currency).not.toHaveProperty("lowBalanceThresholds.0.amountMinor");
    }
    expect(await getSettings(db(), admin.organizationId)).toEqual(before);
  });

  it("a threshold stored with such a code before it was refused is left out on its own: the others stay in force", async () => {
    const admin = (session.user = await sessionUserFor(db(), "admin@demo.test"));
    const [account] = await listProviderAccounts(db(), { organizationId: admin.organizationId });
    const usd = { providerAccountId: account!.id, currency: "USD", amountMinor: "50000" };
    const typo = { providerAccountId: account!.id, currency: "USS", amountMinor: "50000" };
    const [stored] = await db().select().from(organizationSettings).where(eq(organizationSettings.organizationId, admin.organizationId));
    await db()
      .update(organizationSettings)
      .set({ values: { ...(stored!.values as Record<string, unknown>), sessionIdleMinutes: 45, lowBalanceThresholds: [typo, usd] } })
      .where(eq(organizationSettings.organizationId, admin.organizationId));

    const inForce = await getSettings(db(), admin.organizationId);
    expect(inForce.lowBalanceThresholds).toEqual([usd]);
    expect(inForce.sessionIdleMinutes).toBe(45);
    const low = await listLowBalances(db(), { organizationId: admin.organizationId });
    expect(low.map((item) => item.currency)).toEqual(["USD"]);
    // The page opened on those settings saves as usual.
    expect(await save({ sessionIdleMinutes: 40, lowBalanceThresholds: inForce.lowBalanceThresholds })).toMatchObject({ ok: true, data: { settings: { sessionIdleMinutes: 40, lowBalanceThresholds: [usd] } } });
  });
});
