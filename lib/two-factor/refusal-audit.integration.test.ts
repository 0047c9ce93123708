import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { setPendingTotpSecret } from "@/db/queries/two-factor";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { reauthenticate } from "@/lib/auth/reauthenticate";
import { auditContextFor, type SessionUser } from "@/lib/auth/session-user";
import { encryptString } from "@/lib/crypto";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { outcomeOf, withAuthenticator, wrongTotpCodes } from "@/test/two-factor-person";
import { confirmTotpEnrollment, disableTotp, regenerateRecoveryCodes } from "./enrollment";
import { currentTotpCode, generateTotpSecret } from "./totp";

const database = withTestDatabase();
const db = () => database.db();
// The default SIGN_IN_MAX_FAILURES: wrong codes per person and window, in the two-factor limit every form shares.
const MAX_FAILURES = 5;
const STEP = 30_000;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const context = (user: SessionUser) => auditContextFor(user, TEST_META);
const turnOff = (user: SessionUser, code: string) => outcomeOf(disableTotp(db(), context(user), { ...user, required: false }, code));
const newRecoveryCodes = (user: SessionUser, code: string) => outcomeOf(regenerateRecoveryCodes(db(), context(user), user, code));
const turnOn = (user: SessionUser, code: string) => outcomeOf(confirmTotpEnrollment(db(), context(user), user, code));
const stepUp = (user: SessionUser, code: string) => outcomeOf(reauthenticate(db(), user, TEST_META, { code }));

/** The person's wrong-code and refusal rows, from every form that checks their second factor, oldest first. */
async function refusalRows(user: SessionUser) {
  return db()
    .select({ action: auditLog.action, outcome: auditLog.outcome, summary: auditLog.summary, targetType: auditLog.targetType, targetId: auditLog.targetId })
    .from(auditLog)
    .where(and(eq(auditLog.actorUserId, user.id), inArray(auditLog.action, ["two_factor.failed", "auth.reauthentication_failed"])))
    .orderBy(auditLog.id);
}

const wrongCodeRows = (user: SessionUser, stage: string) =>
  Array.from({ length: MAX_FAILURES }, () => ({ action: "two_factor.failed", outcome: "failure", summary: { stage }, targetType: "user", targetId: user.id }));
const refusalRow = (user: SessionUser, stage: string) => ({ action: "two_factor.failed", outcome: "denied", summary: { stage, reason: "rate_limited" }, targetType: "user", targetId: user.id });

describe("the two-factor forms past the shared two-factor limit", () => {
  it("turning two-factor off audits each wrong code and the first refusal of the window, and no refusal after it, whatever form", async () => {
    const { user, secret } = await withAuthenticator(db(), "employee@demo.test");
    for (const code of wrongTotpCodes(secret, MAX_FAILURES)) expect(await turnOff(user, code)).toBe("invalid_input");
    expect(await turnOff(user, currentTotpCode(secret))).toBe("rate_limited");
    expect(await turnOff(user, currentTotpCode(secret))).toBe("rate_limited");
    // The step-up counts in the same two-factor limit: its refusal is the same window's, already audited.
    expect(await newRecoveryCodes(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");
    expect(await stepUp(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");

    expect(await refusalRows(user)).toEqual([...wrongCodeRows(user, "disable"), refusalRow(user, "disable")]);
  });

  it("new recovery codes audit the first refusal of the window as their own", async () => {
    const { user, secret } = await withAuthenticator(db(), "employee2@demo.test");
    for (const code of wrongTotpCodes(secret, MAX_FAILURES)) expect(await newRecoveryCodes(user, code)).toBe("invalid_input");
    expect(await newRecoveryCodes(user, currentTotpCode(secret))).toBe("rate_limited");
    expect(await turnOff(user, currentTotpCode(secret))).toBe("rate_limited");

    expect(await refusalRows(user)).toEqual([...wrongCodeRows(user, "recovery_codes"), refusalRow(user, "recovery_codes")]);
  });

  it("confirming a new authenticator audits the first refusal of the window as turning two-factor on", async () => {
    const user = await sessionUserFor(db(), "manager@demo.test");
    const secret = generateTotpSecret();
    await setPendingTotpSecret(db(), { userId: user.id, encrypted: encryptString(secret) });
    for (const code of wrongTotpCodes(secret, MAX_FAILURES)) expect(await turnOn(user, code)).toBe("invalid_input");
    expect(await turnOn(user, currentTotpCode(secret))).toBe("rate_limited");
    expect(await turnOn(user, currentTotpCode(secret))).toBe("rate_limited");

    expect(await refusalRows(user)).toEqual([...wrongCodeRows(user, "enrollment"), refusalRow(user, "enrollment")]);
  });

  it("write nothing more when the step-up was refused first in the window: one refusal row per window", async () => {
    const { user, secret } = await withAuthenticator(db(), "manager2@demo.test");
    for (const code of wrongTotpCodes(secret, MAX_FAILURES)) expect(await stepUp(user, code)).toBe("invalid_input");
    expect(await stepUp(user, currentTotpCode(secret))).toBe("rate_limited");
    expect(await turnOff(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");
    expect(await newRecoveryCodes(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");

    const rows = await refusalRows(user);
    expect(rows.filter((row) => row.outcome === "denied")).toEqual([
      { action: "auth.reauthentication_failed", outcome: "denied", summary: { reason: "rate_limited", method: "totp" }, targetType: "session", targetId: user.sessionId },
    ]);
    expect(rows.filter((row) => row.outcome === "failure")).toHaveLength(MAX_FAILURES);
  });
});
