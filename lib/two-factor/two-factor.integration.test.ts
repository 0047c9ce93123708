import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { sessions } from "@/db/schema/sessions";
import { recoveryCodes } from "@/db/schema/user-credentials";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { resolveSession } from "@/lib/auth/resolve-session";
import type { SessionUser } from "@/lib/auth/session-user";
import { decryptString } from "@/lib/crypto";
import { updateSettings } from "@/lib/settings/update-settings";
import { withTestDatabase } from "@/test/database";
import { serializeAll } from "@/test/serialize";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { pendingAccountStep } from "./requirement";
import { currentTotpCode } from "./totp";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { startTwoFactorAction, confirmTwoFactorAction, disableTwoFactorAction, regenerateRecoveryCodesAction } = await import("@/lib/actions/account/two-factor");
const { freezeCardAction } = await import("@/lib/actions/cards/freeze-card");

const database = withTestDatabase();
const db = () => database.db();
const signIn = (email: string, password: string, code?: string) => authenticate(db(), { email, password, code, meta: TEST_META });
const STEP = 30_000;

async function enroll(email: string): Promise<{ secret: string; recovery: string[] }> {
  session.user = await sessionUserFor(db(), email);
  const started = await startTwoFactorAction({});
  if (!started.ok) throw new Error(started.error.message);
  expect(started.data.otpauthUri).toContain(`secret=${started.data.secret}`);
  expect(started.data.qrSvg).toMatch(/^<svg/);
  const confirmed = await confirmTwoFactorAction({ code: currentTotpCode(started.data.secret) });
  if (!confirmed.ok) throw new Error(confirmed.error.message);
  return { secret: started.data.secret, recovery: confirmed.data.recoveryCodes };
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("two-factor sign-in", () => {
  it("enrols with a confirmed code, stores the secret encrypted and ten recovery codes hashed", async () => {
    session.user = await sessionUserFor(db(), "finance@demo.test");
    const started = await startTwoFactorAction({});
    if (!started.ok) throw new Error(started.error.message);
    expect(await confirmTwoFactorAction({ code: "000000" })).toMatchObject({ ok: false, error: { fields: { code: expect.any(String) } } });
    const [pending] = await db().select().from(users).where(eq(users.email, "finance@demo.test"));
    expect(pending!.totpSecretEncrypted).toBeNull();
    expect(decryptString(pending!.totpPendingSecretEncrypted!)).toBe(started.data.secret);

    const confirmed = await confirmTwoFactorAction({ code: currentTotpCode(started.data.secret) });
    if (!confirmed.ok) throw new Error(confirmed.error.message);
    const codes = confirmed.data.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const [row] = await db().select().from(users).where(eq(users.email, "finance@demo.test"));
    expect(row!.totpSecretEncrypted).not.toContain(started.data.secret);
    expect(decryptString(row!.totpSecretEncrypted!)).toBe(started.data.secret);
    const stored = await db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, row!.id));
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(serializeAll(stored)).not.toContain(code);
    // Neither the secret nor a recovery code is in any audit row.
    const audit = serializeAll(await db().select().from(auditLog));
    expect(audit).not.toContain(started.data.secret);
    for (const code of codes) expect(audit).not.toContain(code);
  });

  it("starts enrolment only on a fresh step-up or right after signing in, and audits the refusal", async () => {
    const signedIn = await signIn("manager2@demo.test", "demo-password");
    if (!signedIn.ok) throw new Error("sign-in failed");
    // A session from signing in with the password a moment ago is fresh: "enrol right after signing in" needs no extra prompt.
    session.user = await resolveSession(db(), signedIn.sessionId);
    expect(await startTwoFactorAction({})).toMatchObject({ ok: true, data: { secret: expect.any(String) } });

    await db().update(sessions).set({ reauthenticatedAt: new Date(Date.now() - 6 * 60_000) }).where(eq(sessions.id, signedIn.sessionId));
    await db().update(users).set({ totpPendingSecretEncrypted: null }).where(eq(users.id, signedIn.user.id));
    const stale = (await resolveSession(db(), signedIn.sessionId))!;
    session.user = stale;
    expect(await startTwoFactorAction({})).toMatchObject({ ok: false, error: { code: "step_up_required" } });
    const [row] = await db().select().from(users).where(eq(users.id, stale.id));
    expect(row!.totpPendingSecretEncrypted).toBeNull();
    const [denial] = await db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(denial).toMatchObject({ action: "permission.denied", outcome: "denied", actorUserId: stale.id, targetType: "user", targetId: stale.id, summary: { reason: "step_up_required" } });

    // The password again (the step-up dialog), and the same session may start.
    await reauthenticate(db(), stale, TEST_META, { password: "demo-password" });
    session.user = await resolveSession(db(), signedIn.sessionId);
    expect(await startTwoFactorAction({})).toMatchObject({ ok: true, data: { secret: expect.any(String) } });
  });

  it("asks for the code at sign-in after the password, refuses a wrong or replayed code, and rate limits", async () => {
    const { secret } = await enroll("manager@demo.test");
    expect(await signIn("manager@demo.test", "demo-password")).toEqual({ ok: false, reason: "two_factor_required" });
    expect(await signIn("manager@demo.test", "wrong-password", currentTotpCode(secret))).toMatchObject({ ok: false, reason: "invalid" });
    expect(await signIn("manager@demo.test", "demo-password", "123456")).toMatchObject({ ok: false, reason: "invalid_code" });
    // A code from the next step (not yet used) signs in, once.
    const code = currentTotpCode(secret, Date.now() + STEP);
    expect(await signIn("manager@demo.test", "demo-password", code)).toMatchObject({ ok: true });
    expect(await signIn("manager@demo.test", "demo-password", code)).toMatchObject({ ok: false, reason: "invalid_code" });
    // Four more wrong codes reach the limit (five failures per window): even a right code is then refused.
    for (let i = 0; i < 4; i += 1) await signIn("manager@demo.test", "demo-password", "000000");
    expect(await signIn("manager@demo.test", "demo-password", currentTotpCode(secret, Date.now() - STEP))).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("lets each recovery code sign in once", async () => {
    const { recovery } = await enroll("auditor@demo.test");
    expect(await signIn("auditor@demo.test", "demo-password", recovery[3]!.toUpperCase())).toMatchObject({ ok: true });
    expect(await signIn("auditor@demo.test", "demo-password", recovery[3])).toMatchObject({ ok: false, reason: "invalid_code" });
    const [used] = await db().select().from(auditLog).where(eq(auditLog.action, "two_factor.recovery_code_used")).orderBy(desc(auditLog.id)).limit(1);
    expect(used).toMatchObject({ actorEmail: "auditor@demo.test" });
    expect(await signIn("auditor@demo.test", "demo-password", recovery[4])).toMatchObject({ ok: true });
  });

  it("asks for the code at step-up, single-use as well", async () => {
    const { secret } = await enroll("employee@demo.test");
    const user = await sessionUserFor(db(), "employee@demo.test");
    await expect(reauthenticate(db(), user, TEST_META, { password: "demo-password" })).rejects.toMatchObject({ code: "invalid_input", fields: { code: expect.any(String) } });
    const code = currentTotpCode(secret, Date.now() + STEP);
    await expect(reauthenticate(db(), user, TEST_META, { code })).resolves.toMatchObject({ until: expect.any(Date) });
    await expect(reauthenticate(db(), user, TEST_META, { code })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("turns off only with a current code, and not for a role that requires it", async () => {
    const { secret, recovery } = await enroll("employee2@demo.test");
    expect(await disableTwoFactorAction({ code: "111111" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await regenerateRecoveryCodesAction({ code: currentTotpCode(secret, Date.now() + STEP) })).toMatchObject({ ok: true });
    // Regenerating made the old codes worthless.
    expect(await disableTwoFactorAction({ code: recovery[0]! })).toMatchObject({ ok: false });
    expect(await disableTwoFactorAction({ code: currentTotpCode(secret, Date.now() - STEP) })).toMatchObject({ ok: false }); // older step than the one used
    expect(await disableTwoFactorAction({ code: currentTotpCode(secret, Date.now() + 2 * STEP) })).toMatchObject({ ok: false }); // outside the window
    // The step claimed above is ahead of the clock; move it back rather than wait a minute for the current code to count.
    const [row] = await db().select().from(users).where(eq(users.email, "employee2@demo.test"));
    await db().update(users).set({ totpLastStep: row!.totpLastStep! - 5 }).where(eq(users.id, row!.id));
    expect(await disableTwoFactorAction({ code: currentTotpCode(secret) })).toMatchObject({ ok: true });
    expect((await sessionUserFor(db(), "employee2@demo.test")).hasTotp).toBe(false);

    session.user = await sessionUserFor(db(), "finance@demo.test");
    const admin = await sessionUserFor(db(), "admin@demo.test");
    await updateSettings(db(), { ...TEST_META, organizationId: admin.organizationId, actorUserId: admin.id, actorEmail: admin.email, actorRoles: admin.roles }, { twoFactorRequiredRoles: ["finance"] });
    expect(await disableTwoFactorAction({ code: "123456" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("sends a person whose role requires two-factor to enrol first, and refuses their actions until then", async () => {
    const admin = await sessionUserFor(db(), "admin@demo.test");
    const context = { ...TEST_META, organizationId: admin.organizationId, actorUserId: admin.id, actorEmail: admin.email, actorRoles: admin.roles };
    await updateSettings(db(), context, { twoFactorRequiredRoles: ["admin", "finance"] });
    expect(await pendingAccountStep(db(), admin)).toBe("enroll_two_factor");
    session.user = admin;
    expect(await freezeCardAction({ cardId: "00000000-0000-4000-8000-000000000001" })).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/two-factor/) } });
    await enroll("admin@demo.test");
    expect(await pendingAccountStep(db(), await sessionUserFor(db(), "admin@demo.test"))).toBeNull();
    await updateSettings(db(), context, { twoFactorRequiredRoles: [] });
  });
});
