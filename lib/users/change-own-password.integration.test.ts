import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { auditContextFor, type SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { outcomeOf } from "@/test/two-factor-person";
import { changeOwnPassword } from "./change-own-password";

const database = withTestDatabase();
const db = () => database.db();
// The default SIGN_IN_MAX_FAILURES: wrong passwords per person and window, wherever a signed-in person types one.
const MAX_FAILURES = 5;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const changePassword = (user: SessionUser, current: string, password = "a brand new passphrase") =>
  outcomeOf(changeOwnPassword(db(), auditContextFor(user, TEST_META), { userId: user.id, sessionId: user.sessionId, current, password }));
const stepUp = (user: SessionUser, password: string) => outcomeOf(reauthenticate(db(), user, TEST_META, { password }));

async function confirmationRows(user: SessionUser) {
  return db()
    .select({ outcome: auditLog.outcome, summary: auditLog.summary, targetType: auditLog.targetType, targetId: auditLog.targetId })
    .from(auditLog)
    .where(and(eq(auditLog.actorUserId, user.id), inArray(auditLog.action, ["auth.reauthentication_failed"])))
    .orderBy(auditLog.id);
}

describe("a wrong current password on 'change password'", () => {
  it("counts against the step-up's limit, so a signed-in person gets one budget of password guesses whatever form they use", async () => {
    const user = await sessionUserFor(db(), "manager2@demo.test");
    const stepUps = [];
    for (let attempt = 0; attempt < MAX_FAILURES - 2; attempt += 1) stepUps.push(await stepUp(user, `guess-${attempt}`));
    expect(stepUps).toEqual(Array(MAX_FAILURES - 2).fill("invalid_input"));
    // Two guesses left in the window, then even the right password is refused there, and at the step-up.
    expect([await changePassword(user, "guess-a"), await changePassword(user, "guess-b")]).toEqual(["invalid_input", "invalid_input"]);
    expect(await changePassword(user, DEMO_PASSWORD)).toBe("rate_limited");
    expect(await stepUp(user, DEMO_PASSWORD)).toBe("rate_limited");
  });

  it("is audited as a failed confirmation of the password, and the refusals past the limit as one row per window", async () => {
    const user = await sessionUserFor(db(), "employee@demo.test");
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) expect(await changePassword(user, `guess-${attempt}`)).toBe("invalid_input");
    expect(await changePassword(user, "guess-late")).toBe("rate_limited");
    expect(await changePassword(user, DEMO_PASSWORD)).toBe("rate_limited");
    expect(await stepUp(user, DEMO_PASSWORD)).toBe("rate_limited");
    const rows = await confirmationRows(user);
    const target = { targetType: "session", targetId: user.sessionId };
    expect(rows).toEqual([
      ...Array.from({ length: MAX_FAILURES }, () => ({ outcome: "failure", summary: { method: "password", during: "password_change" }, ...target })),
      { outcome: "denied", summary: { reason: "rate_limited", method: "password", during: "password_change" }, ...target },
    ]);
  });

  it("starts the window afresh once the right current password is given, as a successful step-up does", async () => {
    const user = await sessionUserFor(db(), "auditor@demo.test");
    for (let attempt = 0; attempt < MAX_FAILURES - 1; attempt += 1) expect(await stepUp(user, `guess-${attempt}`)).toBe("invalid_input");
    expect(await changePassword(user, DEMO_PASSWORD, "the auditor's new passphrase")).toBe("ok");
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) expect(await changePassword(user, `guess-${attempt}`)).toBe("invalid_input");
    expect(await stepUp(user, "the auditor's new passphrase")).toBe("rate_limited");
  });

  it("takes no guess from the budget when the new password repeats the current one", async () => {
    const user = await sessionUserFor(db(), "finance2@demo.test");
    for (let attempt = 0; attempt < MAX_FAILURES - 1; attempt += 1) expect(await stepUp(user, `guess-${attempt}`)).toBe("invalid_input");
    expect(await changePassword(user, DEMO_PASSWORD, DEMO_PASSWORD)).toBe("invalid_input");
    expect(await stepUp(user, DEMO_PASSWORD)).toBe("ok");
  });
});
