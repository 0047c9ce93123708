import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { regenerateRecoveryCodes } from "@/lib/two-factor/enrollment";
import { currentTotpCode } from "@/lib/two-factor/totp";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { outcomeOf, withAuthenticator, wrongTotpCodes } from "@/test/two-factor-person";
import { authenticate } from "./authenticate";
import { reauthenticate } from "./reauthenticate";
import { auditContextFor, type SessionUser } from "./session-user";

const database = withTestDatabase();
const db = () => database.db();
// The default SIGN_IN_MAX_FAILURES: wrong codes per person and window, for the step-up and for the second factor.
const MAX_FAILURES = 5;
const STEP = 30_000;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const stepUpWithCode = (user: SessionUser, code: string) => outcomeOf(reauthenticate(db(), user, TEST_META, { code }));
const newRecoveryCodes = (user: SessionUser, code: string) => outcomeOf(regenerateRecoveryCodes(db(), auditContextFor(user, TEST_META), user, code));
const signIn = async (email: string, code: string, ip: string) => {
  const result = await authenticate(db(), { email, password: DEMO_PASSWORD, code, meta: { ip, userAgent: "vitest" } });
  return result.ok ? "ok" : result.reason;
};

describe("authenticator codes at the step-up", () => {
  it("count against the per-person two-factor limit that signing in and new recovery codes share", async () => {
    const { user, secret } = await withAuthenticator(db(), "employee2@demo.test");
    for (const code of wrongTotpCodes(secret, MAX_FAILURES)) expect(await stepUpWithCode(user, code)).toBe("invalid_input");
    // The step-up's guesses used the person's whole two-factor budget: a right code is refused everywhere else too.
    expect(await newRecoveryCodes(user, currentTotpCode(secret))).toBe("rate_limited");
    expect(await signIn(user.email, currentTotpCode(secret, Date.now() + STEP), "198.51.100.30")).toBe("rate_limited");
  });

  it("are refused, even the right one, once wrong codes elsewhere used up the two-factor limit, and the refusal is audited", async () => {
    const { user, secret } = await withAuthenticator(db(), "manager@demo.test");
    const codes = wrongTotpCodes(secret, MAX_FAILURES);
    for (const [index, code] of codes.entries()) expect(await signIn(user.email, code, `198.51.100.${40 + index}`)).toBe("invalid_code");
    expect(await stepUpWithCode(user, currentTotpCode(secret))).toBe("rate_limited");
    const refusals = await db()
      .select({ outcome: auditLog.outcome, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.action, "auth.reauthentication_failed")));
    expect(refusals).toEqual([{ outcome: "denied", summary: { reason: "rate_limited", method: "totp" } }]);
  });

  it("start the two-factor window afresh when right, as a right code at sign-in does", async () => {
    const { user, secret } = await withAuthenticator(db(), "finance@demo.test");
    const codes = wrongTotpCodes(secret, 2 * MAX_FAILURES);
    for (const code of codes.slice(0, MAX_FAILURES - 1)) expect(await newRecoveryCodes(user, code)).toBe("invalid_input");
    expect(await stepUpWithCode(user, currentTotpCode(secret))).toBe("ok");
    for (const code of codes.slice(MAX_FAILURES, 2 * MAX_FAILURES)) expect(await newRecoveryCodes(user, code)).toBe("invalid_input");
    expect(await newRecoveryCodes(user, currentTotpCode(secret, Date.now() + STEP))).toBe("rate_limited");
  });
});

describe("the step-up's own limit", () => {
  it("audits the refusals past it once per window, as the sign-in limits do", async () => {
    const user = await sessionUserFor(db(), "employee@demo.test");
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) expect(await outcomeOf(reauthenticate(db(), user, TEST_META, { password: `guess-${attempt}` }))).toBe("invalid_input");
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await outcomeOf(reauthenticate(db(), user, TEST_META, { password: DEMO_PASSWORD }))).toBe("rate_limited");
    const rows = await db()
      .select({ outcome: auditLog.outcome, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.action, "auth.reauthentication_failed")))
      .orderBy(auditLog.id);
    expect(rows).toEqual([
      ...Array.from({ length: MAX_FAILURES }, () => ({ outcome: "failure", summary: { method: "password" } })),
      { outcome: "denied", summary: { reason: "rate_limited", method: "password" } },
    ]);
  });
});
