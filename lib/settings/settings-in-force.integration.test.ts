import { desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizationSettings } from "@/db/schema/settings";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { getSettings } from "./get-settings";
import type { OrganizationSettings } from "./schema";
import { updateSettings } from "./update-settings";

// The deployment's own defaults (README: REVEAL_* and SESSION_IDLE_MINUTES are the defaults until an admin saves a
// value), stricter than the schema's 30 minutes and 5 reveals. Set before anything reads the environment.
process.env.SESSION_IDLE_MINUTES = "15";
process.env.REVEAL_MAX_PER_WINDOW = "3";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { updateSettingsAction } = await import("@/lib/actions/settings/update-settings");

const database = withTestDatabase();
const db = () => database.db();
let orgId = "";

const settingsAudits = () => db().select().from(auditLog).where(eq(auditLog.action, "settings.updated")).orderBy(desc(auditLog.id));
const storedValues = async () => (await db().select().from(organizationSettings).where(eq(organizationSettings.organizationId, orgId)))[0]?.values;
/** What Settings → General sends: every key as the admin left it, and the values the page showed when it opened. */
const formSave = (shown: OrganizationSettings, edits: Partial<OrganizationSettings>) => updateSettingsAction({ ...shown, ...edits, loaded: shown });

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  session.user = await sessionUserFor(db(), "admin@demo.test");
  orgId = session.user.organizationId;
});
// The demo stores only "no role must use two-factor" (its admin has no authenticator); everything else follows the defaults.
beforeEach(async () => {
  await db().update(organizationSettings).set({ values: { twoFactorRequiredRoles: [] } }).where(eq(organizationSettings.organizationId, orgId));
});

describe("Settings → General compares with the values in force", () => {
  it("a form save that changes only the two-factor roles records and stores only that change", async () => {
    const shown = await getSettings(db(), orgId);
    expect(shown).toMatchObject({ sessionIdleMinutes: 15, revealRateLimit: { max: 3, windowMinutes: 10 } });
    const auditsBefore = (await settingsAudits()).length;

    expect(await formSave(shown, { twoFactorRequiredRoles: ["admin"] })).toMatchObject({ ok: true, data: { changed: ["twoFactorRequiredRoles"] } });

    const [audit, ...older] = await settingsAudits();
    expect(older).toHaveLength(auditsBefore);
    expect(audit!.summary).toEqual({ changes: { twoFactorRequiredRoles: { before: [], after: ["admin"] } } });
    // The other keys still follow the deployment's defaults: nothing was saved for them.
    expect(await storedValues()).toEqual({ twoFactorRequiredRoles: ["admin"] });
    expect(await getSettings(db(), orgId)).toMatchObject({ sessionIdleMinutes: 15, revealRateLimit: { max: 3, windowMinutes: 10 } });
  });

  it("a save naming one key leaves the others as they are in force, and audits the change from the value in force", async () => {
    const saved = await updateSettings(db(), { ...TEST_META, organizationId: orgId, actorUserId: session.user!.id, actorEmail: session.user!.email, actorRoles: session.user!.roles }, { sessionIdleMinutes: 20 });
    expect(saved).toMatchObject({ settings: { sessionIdleMinutes: 20, revealRateLimit: { max: 3, windowMinutes: 10 } }, changed: ["sessionIdleMinutes"] });
    expect(await getSettings(db(), orgId)).toMatchObject({ sessionIdleMinutes: 20, revealRateLimit: { max: 3, windowMinutes: 10 }, twoFactorRequiredRoles: [] });
    const [audit] = await settingsAudits();
    expect(audit!.summary).toEqual({ changes: { sessionIdleMinutes: { before: 15, after: 20 } } });
    expect(await storedValues()).toEqual({ twoFactorRequiredRoles: [], sessionIdleMinutes: 20 });
  });

  it("a form saved unchanged writes and audits nothing, and says it changed nothing (the page does not call it saved)", async () => {
    const shown = await getSettings(db(), orgId);
    const auditsBefore = (await settingsAudits()).length;
    expect(await formSave(shown, {})).toEqual({ ok: true, data: { settings: shown, changed: [] } });
    expect((await settingsAudits()).length).toBe(auditsBefore);
    expect(await storedValues()).toEqual({ twoFactorRequiredRoles: [] });
  });
});

describe("two admins saving Settings → General", () => {
  it("a form opened before another admin's save keeps their change to a setting it did not touch", async () => {
    const adasPage = await getSettings(db(), orgId);
    // Another admin requires two-factor for managers meanwhile.
    expect(await formSave(await getSettings(db(), orgId), { twoFactorRequiredRoles: ["manager"] })).toMatchObject({ ok: true });

    // Ada, on the page she opened before, changes only the idle timeout.
    expect(await formSave(adasPage, { sessionIdleMinutes: 45 })).toMatchObject({ ok: true, data: { settings: { sessionIdleMinutes: 45, twoFactorRequiredRoles: ["manager"] }, changed: ["sessionIdleMinutes"] } });
    expect(await getSettings(db(), orgId)).toMatchObject({ sessionIdleMinutes: 45, twoFactorRequiredRoles: ["manager"] });
    const [audit] = await settingsAudits();
    expect(audit!.summary).toEqual({ changes: { sessionIdleMinutes: { before: 15, after: 45 } } });
  });

  it("a change another admin already made, the same, changes nothing: nothing is stored or audited, and the save says so", async () => {
    const adasPage = await getSettings(db(), orgId);
    expect(await formSave(await getSettings(db(), orgId), { sessionIdleMinutes: 45 })).toMatchObject({ ok: true, data: { changed: ["sessionIdleMinutes"] } });
    const auditsBefore = (await settingsAudits()).length;
    expect(await formSave(adasPage, { sessionIdleMinutes: 45 })).toMatchObject({ ok: true, data: { settings: { sessionIdleMinutes: 45 }, changed: [] } });
    expect((await settingsAudits()).length).toBe(auditsBefore);
  });

  it("refuses, on its field, a change to a setting another admin changed since the form opened, and writes nothing", async () => {
    const adasPage = await getSettings(db(), orgId);
    expect(await formSave(await getSettings(db(), orgId), { sessionIdleMinutes: 20 })).toMatchObject({ ok: true });
    const auditsBefore = (await settingsAudits()).length;

    const refused = await formSave(adasPage, { sessionIdleMinutes: 45, twoFactorRequiredRoles: ["admin"] });
    expect(refused).toMatchObject({ ok: false, error: { code: "conflict", fields: { sessionIdleMinutes: expect.stringContaining("since you opened this page") } } });
    expect(refused.ok ? {} : refused.error.fields).not.toHaveProperty("twoFactorRequiredRoles");
    expect(await getSettings(db(), orgId)).toMatchObject({ sessionIdleMinutes: 20, twoFactorRequiredRoles: [] });
    expect((await settingsAudits()).length).toBe(auditsBefore);
  });

  it("refuses a save that does not say what the page showed", async () => {
    const auditsBefore = (await settingsAudits()).length;
    expect(await updateSettingsAction({ sessionIdleMinutes: 45 })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await updateSettingsAction({ sessionIdleMinutes: 45, loaded: { twoFactorRequiredRoles: [] } })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect((await getSettings(db(), orgId)).sessionIdleMinutes).toBe(15);
    expect((await settingsAudits()).length).toBe(auditsBefore);
  });
});
