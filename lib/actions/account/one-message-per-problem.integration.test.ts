import { beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import type { ActionResult } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { withAuthenticator, wrongTotpCodes } from "@/test/two-factor-person";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { changePasswordAction } = await import("@/lib/actions/account/change-password");
const { confirmTwoFactorAction, disableTwoFactorAction, regenerateRecoveryCodesAction, startTwoFactorAction } = await import("@/lib/actions/account/two-factor");
const { reauthenticateAction } = await import("@/lib/actions/auth/reauthenticate");

const database = withTestDatabase();
const db = () => database.db();

const AUTHENTICATOR_CODE = "That code is not right. Codes change every 30 seconds.";
const USED_OR_WRONG_CODE = "That code is not right, or was already used. Codes change every 30 seconds.";
const RECOVERY_CODE = "That recovery code is not right, or was already used.";

/**
 * The form shows a field's message under the field and the action's message in an alert; the alert folds into a count
 * only when the two are the same text (components/cards/action-failure.tsx, repeatsAField). So one problem is one text.
 */
function toldOnce(result: ActionResult<unknown>, field: string): string {
  if (result.ok) throw new Error("expected a refusal");
  expect(result.error.fields?.[field]).toBe(result.error.message);
  return result.error.message;
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("one problem, one message: the action's message is its field's", () => {
  it("change password: the new password repeats the current one", async () => {
    session.user = await sessionUserFor(db(), "finance2@demo.test");
    const result = await changePasswordAction({ current: DEMO_PASSWORD, password: DEMO_PASSWORD, confirm: DEMO_PASSWORD });
    expect(toldOnce(result, "password")).toBe("The new password must differ from the current one.");
  });

  it("change password: the current password is wrong", async () => {
    session.user = await sessionUserFor(db(), "manager@demo.test");
    const result = await changePasswordAction({ current: "not-the-password", password: "tangerine submarine ballet", confirm: "tangerine submarine ballet" });
    expect(toldOnce(result, "current")).toBe("Your current password is not right.");
  });

  it("two-factor set-up: a wrong confirmation code", async () => {
    session.user = await sessionUserFor(db(), "employee@demo.test");
    const started = await startTwoFactorAction({});
    if (!started.ok) throw new Error(started.error.message);
    const result = await confirmTwoFactorAction({ code: wrongTotpCodes(started.data.secret, 1)[0]! });
    expect(toldOnce(result, "code")).toBe(AUTHENTICATOR_CODE);
    // Not six digits: a typing slip, told as one (not "not right"), and not counted as a wrong code.
    const failuresBefore = await db().query.auditLog.findMany({ where: (log, { and, eq }) => and(eq(log.action, "two_factor.failed"), eq(log.targetId, session.user!.id)) });
    for (const slip of ["12ab", "12345", "1234567"]) {
      const refused = await confirmTwoFactorAction({ code: slip });
      expect(refused).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { code: "Enter the 6 digits your authenticator app shows." } } });
    }
    const failuresAfter = await db().query.auditLog.findMany({ where: (log, { and, eq }) => and(eq(log.action, "two_factor.failed"), eq(log.targetId, session.user!.id)) });
    expect(failuresAfter).toHaveLength(failuresBefore.length);
  });

  it("turning two-factor off or making new recovery codes: a wrong or spent code, told as the kind of code it is", async () => {
    const { user, secret } = await withAuthenticator(db(), "employee2@demo.test");
    session.user = user;
    const [wrong] = wrongTotpCodes(secret, 1);
    expect(toldOnce(await disableTwoFactorAction({ code: wrong! }), "code")).toBe(USED_OR_WRONG_CODE);
    expect(toldOnce(await disableTwoFactorAction({ code: "abcde-fghjk" }), "code")).toBe(RECOVERY_CODE);
    expect(toldOnce(await regenerateRecoveryCodesAction({ code: wrong! }), "code")).toBe(USED_OR_WRONG_CODE);
    expect(toldOnce(await regenerateRecoveryCodesAction({ code: "abcde-fghjk" }), "code")).toBe(RECOVERY_CODE);
  });

  it("the step-up: a wrong authenticator code, a wrong recovery code, a wrong password", async () => {
    const { user, secret } = await withAuthenticator(db(), "auditor@demo.test");
    session.user = user;
    expect(toldOnce(await reauthenticateAction({ code: wrongTotpCodes(secret, 1)[0]! }), "code")).toBe(USED_OR_WRONG_CODE);
    expect(toldOnce(await reauthenticateAction({ code: "abcde-fghjk" }), "code")).toBe(RECOVERY_CODE);
    session.user = await sessionUserFor(db(), "manager2@demo.test");
    expect(toldOnce(await reauthenticateAction({ password: "not-the-password" }), "password")).toBe("That password is not right.");
  });
});
