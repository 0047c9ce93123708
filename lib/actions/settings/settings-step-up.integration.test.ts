import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findApprovalPolicy } from "@/db/queries/approval-policies";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { getSettings } from "@/lib/settings/get-settings";
import type { OrganizationSettings } from "@/lib/settings/schema";
import { adminSessionProvedAgo, lastAdminDenial } from "@/test/admin-step-up";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { updateSettingsAction } = await import("@/lib/actions/settings/update-settings");
const { updateApprovalPolicyAction } = await import("@/lib/actions/requests/update-approval-policy");
const { removeApprovalPolicyAction } = await import("@/lib/actions/requests/remove-approval-policy");

const database = withTestDatabase();
const db = () => database.db();
const HOUR = 3_600_000;
let organizationId = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  organizationId = (await adminSessionProvedAgo(db(), 0)).organizationId;
});

const stale = async () => (session.user = await adminSessionProvedAgo(db(), HOUR));
const fresh = async () => (session.user = await adminSessionProvedAgo(db(), 0));

const STEP_UP_REFUSED = { ok: false, error: { code: "step_up_required" } };
// Neither action's input names the row a refusal was aimed at (a policy is found by kind and currency, the settings
// by the organisation): the refusal is audited without a target, as adding a person is.
const REFUSAL = { action: "permission.denied", outcome: "denied", targetType: null, targetId: null, summary: { permission: "admin.manage", reason: "step_up_required" } };

async function auditRows(action: string): Promise<number> {
  const [row] = await db()
    .select({ rows: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.organizationId, organizationId)));
  return row!.rows;
}

const thresholdOf = async (kind: "top_up" | "limit_increase" | "new_card", currency: string) => (await findApprovalPolicy(db(), { organizationId, kind, currency }))?.threshold ?? null;

/** Settings → General saved as the form saves it: everything it shows, with what it was opened on as `loaded`. */
async function savedFromForm(change: (shown: OrganizationSettings) => Partial<OrganizationSettings>) {
  const shown = await getSettings(db(), organizationId);
  return updateSettingsAction({ ...shown, ...change(shown), loaded: shown });
}

describe("an admin session that has proved nothing for an hour cannot change who must approve money", () => {
  it("raising a threshold: refused step_up_required and audited, the threshold unchanged; with a fresh step-up it is raised", async () => {
    const policiesChanged = await auditRows("approval_policy.updated");
    await stale();
    for (const kind of ["top_up", "limit_increase"] as const) {
      expect(await updateApprovalPolicyAction({ kind, currency: "USD", threshold: "999999999" })).toMatchObject(STEP_UP_REFUSED);
      expect(await thresholdOf(kind, "USD")).toBe(100_000n);
      expect(await lastAdminDenial(db())).toMatchObject(REFUSAL);
    }
    expect(await auditRows("approval_policy.updated")).toBe(policiesChanged);

    await fresh();
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "USD", threshold: "2000" })).toEqual({ ok: true, data: { threshold: "200000" } });
    expect(await thresholdOf("top_up", "USD")).toBe(200_000n);
  });

  it("adding a threshold for a new currency, or lowering one: asked too; nothing is added or changed", async () => {
    await stale();
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "EUR", threshold: "500" })).toMatchObject(STEP_UP_REFUSED);
    expect(await thresholdOf("top_up", "EUR")).toBeNull();
    expect(await lastAdminDenial(db())).toMatchObject(REFUSAL);
    expect(await updateApprovalPolicyAction({ kind: "limit_increase", currency: "USD", threshold: "0" })).toMatchObject(STEP_UP_REFUSED);
    expect(await thresholdOf("limit_increase", "USD")).toBe(100_000n);

    await fresh();
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "EUR", threshold: "500" })).toEqual({ ok: true, data: { threshold: "50000" } });
    expect(await thresholdOf("top_up", "EUR")).toBe(50_000n);
  });

  it("removing a threshold: refused step_up_required and audited, the threshold stays; with a fresh step-up it is removed", async () => {
    const removals = await auditRows("approval_policy.removed");
    await stale();
    expect(await removeApprovalPolicyAction({ kind: "new_card", currency: "USD" })).toMatchObject(STEP_UP_REFUSED);
    expect(await thresholdOf("new_card", "USD")).toBe(100_000n);
    expect(await lastAdminDenial(db())).toMatchObject(REFUSAL);
    expect(await auditRows("approval_policy.removed")).toBe(removals);

    await fresh();
    expect(await removeApprovalPolicyAction({ kind: "new_card", currency: "USD" })).toEqual({ ok: true, data: { removed: true } });
    expect(await thresholdOf("new_card", "USD")).toBeNull();
  });
});

describe("an admin session that has proved nothing for an hour cannot weaken sign-in or card-detail protection", () => {
  const weakenings: [string, (shown: OrganizationSettings) => Partial<OrganizationSettings>][] = [
    // Not the admin role: the demo admin has no authenticator, and would be sent to set one up before anything else.
    ["requiring two-factor sign-in of finance", () => ({ twoFactorRequiredRoles: ["finance"] })],
    ["no longer requiring it of anyone", () => ({ twoFactorRequiredRoles: [] })],
    ["the idle time before sign-out", () => ({ sessionIdleMinutes: 720 })],
    ["how often card details may be revealed", () => ({ revealRateLimit: { max: 100, windowMinutes: 1 } })],
  ];

  it.each(weakenings)("%s: refused step_up_required and audited, nothing saved; with a fresh step-up it is saved", async (_name, change) => {
    const before = await getSettings(db(), organizationId);
    const saves = await auditRows("settings.updated");
    await stale();
    expect(await savedFromForm(change)).toMatchObject(STEP_UP_REFUSED);
    expect(await getSettings(db(), organizationId)).toEqual(before);
    expect(await auditRows("settings.updated")).toBe(saves);
    expect(await lastAdminDenial(db())).toMatchObject(REFUSAL);

    await fresh();
    const saved = await savedFromForm(change);
    expect(saved).toMatchObject({ ok: true, data: { settings: change(before) } });
    expect(await getSettings(db(), organizationId)).toMatchObject(change(before));
  });

  it("a low-balance alert, with the sign-in fields sent as the form showed them (roles in another order), is not asked", async () => {
    const [account] = await listProviderAccounts(db(), { organizationId });
    await fresh();
    expect(await savedFromForm(() => ({ twoFactorRequiredRoles: ["finance", "auditor"] }))).toMatchObject({ ok: true });
    await stale();
    const alert = { providerAccountId: account!.id, currency: "USD", amountMinor: "25000" };
    const saved = await savedFromForm((shown) => ({ twoFactorRequiredRoles: [...shown.twoFactorRequiredRoles].reverse(), lowBalanceThresholds: [alert] }));
    expect(saved).toMatchObject({ ok: true, data: { settings: { lowBalanceThresholds: [alert], twoFactorRequiredRoles: ["auditor", "finance"] } } });
  });

  it("a `loaded` that claims the change is already shown cannot pass it off: the setting is left as it is", async () => {
    const before = await getSettings(db(), organizationId);
    await stale();
    const claimed = { ...before, sessionIdleMinutes: 720, twoFactorRequiredRoles: [] };
    expect(await updateSettingsAction({ ...claimed, loaded: claimed })).toMatchObject({ ok: true });
    expect(await getSettings(db(), organizationId)).toEqual(before);
  });

  it("a sign-in setting sent without the value the page showed for it is asked", async () => {
    await stale();
    expect(await updateSettingsAction({ sessionIdleMinutes: 600, loaded: {} })).toMatchObject(STEP_UP_REFUSED);
    expect(await lastAdminDenial(db())).toMatchObject(REFUSAL);
  });
});
