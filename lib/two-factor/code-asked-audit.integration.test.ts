/**
 * The right password of someone with an authenticator, sent without a code, is answered "enter your code": that answer
 * tells the sender the password is right, so the attempt is on record for the organisation's auditors and admins, as a
 * wrong password is. It wrote nothing. From review identity43 (F2).
 */
import { and, eq, gt, max } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import { withTestDatabase } from "@/test/database";
import { withAuthenticator } from "@/test/two-factor-person";
import { currentTotpCode } from "./totp";

const database = withTestDatabase();
const db = () => database.db();
const meta = { ip: "203.0.113.7", userAgent: "probe" };

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

/** The audit trail's last row before each test: each test reads only the rows it wrote. */
let mark = 0n;
beforeEach(async () => {
  mark = (await db().select({ last: max(auditLog.id) }).from(auditLog))[0]?.last ?? 0n;
});

async function rowsAbout(email: string) {
  return db()
    .select({
      action: auditLog.action,
      outcome: auditLog.outcome,
      organizationId: auditLog.organizationId,
      actorUserId: auditLog.actorUserId,
      ip: auditLog.ip,
      summary: auditLog.summary,
    })
    .from(auditLog)
    .where(and(eq(auditLog.actorEmail, email), gt(auditLog.id, mark)))
    .orderBy(auditLog.id);
}

describe("a right password without a code", () => {
  it("is recorded as a sign-in that stopped at the code, under the person's organisation, with no secret", async () => {
    const { user, secret } = await withAuthenticator(db(), "manager2@demo.test");

    expect(await authenticate(db(), { email: user.email, password: "not-the-password", meta })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(db(), { email: user.email, password: DEMO_PASSWORD, meta })).toEqual({ ok: false, reason: "two_factor_required" });

    const rows = await rowsAbout(user.email);
    expect(rows).toEqual([
      { action: "auth.sign_in_failed", outcome: "failure", organizationId: user.organizationId, actorUserId: user.id, ip: meta.ip, summary: { reason: "wrong_password" } },
      { action: "auth.code_asked", outcome: "success", organizationId: user.organizationId, actorUserId: user.id, ip: meta.ip, summary: {} },
    ]);
    const written = JSON.stringify(rows);
    expect(written).not.toContain(DEMO_PASSWORD);
    expect(written).not.toContain(secret);

    // The code then arrives: the sign-in follows the recorded first step.
    const signedIn = await authenticate(db(), { email: user.email, password: DEMO_PASSWORD, code: currentTotpCode(secret), meta });
    expect(signedIn.ok).toBe(true);
    expect((await rowsAbout(user.email)).map((row) => row.action)).toEqual(["auth.sign_in_failed", "auth.code_asked", "auth.signed_in"]);
  });

  it("someone without an authenticator signs in with one row, no code asked", async () => {
    expect((await authenticate(db(), { email: "employee@demo.test", password: DEMO_PASSWORD, meta })).ok).toBe(true);
    expect((await rowsAbout("employee@demo.test")).map((row) => row.action)).toEqual(["auth.signed_in"]);
  });
});
