import { and, desc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { sessions } from "@/db/schema/sessions";
import { findUserByEmail, setUserActive } from "@/db/queries/users";
import { seedDemo, DEMO_PASSWORD } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { authenticate } from "./authenticate";
import { endSession, endUserSessions } from "./end-session";
import { resolveSession } from "./resolve-session";

async function sessionEnds(sessionId: string) {
  return database
    .db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, sessionId), inArray(auditLog.action, ["auth.session_revoked", "auth.signed_out"])));
}

const database = withTestDatabase();
const meta = { ip: "203.0.113.7", userAgent: "vitest" };

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:4010" });
});

async function lastAudit() {
  const [row] = await database.db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row!;
}

describe("authenticate", () => {
  it("signs in with the right password, creates a session and audits it", async () => {
    const result = await authenticate(database.db(), { email: "Finance@demo.test ", password: DEMO_PASSWORD, meta });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const user = await resolveSession(database.db(), result.sessionId);
    expect(user).toMatchObject({ email: "finance@demo.test", roles: ["finance"] });
    expect(await lastAudit()).toMatchObject({ action: "auth.signed_in", actorEmail: "finance@demo.test", actorRoles: ["finance"], ip: meta.ip });
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const wrongPassword = await authenticate(database.db(), { email: "auditor@demo.test", password: "nope", meta });
    const unknownEmail = await authenticate(database.db(), { email: "nobody@demo.test", password: "nope", meta });
    expect(wrongPassword).toEqual({ ok: false, reason: "invalid" });
    expect(unknownEmail).toEqual({ ok: false, reason: "invalid" });
    expect(await lastAudit()).toMatchObject({ action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "unknown_email" } });
  });

  it("refuses even the right password from an address after too many failures for that email from it", async () => {
    const email = "employee2@demo.test";
    const from = { ...meta, ip: "198.51.100.1" };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await authenticate(database.db(), { email, password: "guess", meta: from })).toEqual({ ok: false, reason: "invalid" });
    }
    const blocked = await authenticate(database.db(), { email, password: DEMO_PASSWORD, meta: from });
    expect(blocked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (!blocked.ok && blocked.reason === "rate_limited") expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe("sign-in limits under parallel requests", () => {
  it("checks at most five of 31 parallel wrong passwords for one account from one address, then refuses the right one there", async () => {
    const email = "manager2@demo.test";
    const from = { ...meta, ip: "192.0.2.1" };
    const results = await Promise.all(Array.from({ length: 31 }, (_, attempt) => authenticate(database.db(), { email, password: `guess-${attempt}`, meta: from })));
    expect(results.filter((result) => !result.ok && result.reason === "invalid")).toHaveLength(5);
    expect(results.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(26);
    const checked = await database.db().select().from(auditLog).where(eq(auditLog.actorEmail, email));
    expect(checked.filter((row) => (row.summary as { reason?: string }).reason === "wrong_password")).toHaveLength(5);
    expect(await authenticate(database.db(), { email, password: DEMO_PASSWORD, meta: from })).toMatchObject({ ok: false, reason: "rate_limited" });
    // 27 refusals, one row: the first refusal of the window, under the organisation of the user the address names.
    const manager = await findUserByEmail(database.db(), email);
    const refusals = (await database.db().select().from(auditLog).where(eq(auditLog.actorEmail, email))).filter((row) => (row.summary as { reason?: string }).reason === "rate_limited");
    expect(refusals).toMatchObject([{ outcome: "denied", organizationId: manager!.organizationId, actorUserId: manager!.id }]);
  });

  it("refuses and audits a NUL byte or a lone surrogate in the email, under the organisation of the user it names", async () => {
    for (const email of ["finance\u0000@demo.test", "finance@demo.test\uD800"]) {
      expect(await authenticate(database.db(), { email, password: "x", meta })).toEqual({ ok: false, reason: "invalid" });
      expect(await lastAudit()).toMatchObject({ action: "auth.sign_in_failed", outcome: "denied", summary: { reason: "invalid_characters" } });
      expect((await lastAudit()).actorEmail).not.toMatch(/\u0000|\uD800/);
      // The address names a real user once the bad characters are out: the finance organisation sees the probe.
      const finance = await findUserByEmail(database.db(), "finance@demo.test");
      expect(await lastAudit()).toMatchObject({ organizationId: finance!.organizationId, actorUserId: finance!.id });
    }
  });
});

describe("refused sign-ins and the audit chain", () => {
  const auditRowsFrom = (ip: string) => database.db().select().from(auditLog).where(eq(auditLog.ip, ip));
  const reasons = (rows: { summary: unknown }[], reason: string) => rows.filter((row) => (row.summary as { reason?: string }).reason === reason);
  // The per-IP limit (SIGN_IN_MAX_FAILURES × 4): one row per counted attempt, then one for the refusals.
  const ipLimit = 20;

  it("writes at most one row per counted attempt and one for all the refusals of 50 parallel attempts from one IP", async () => {
    const probe = { ...meta, ip: "198.18.0.1" };
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => authenticate(database.db(), { email: `probe-${i}@nowhere.test`, password: "guess", meta: probe })));
    expect(results.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(50 - ipLimit);
    const rows = await auditRowsFrom(probe.ip);
    expect(rows.length).toBeLessThanOrEqual(ipLimit + 1);
    expect(reasons(rows, "rate_limited")).toHaveLength(1);
  });

  it("counts every address of one IPv6 /64 as one address: a subscriber picks any of them", async () => {
    const results = [];
    for (let i = 0; i < ipLimit + 4; i += 1) {
      results.push(await authenticate(database.db(), { email: `spread-${i}@nowhere.test`, password: "guess", meta: { ...meta, ip: `2001:db8:5:6::${(i + 1).toString(16)}` } }));
    }
    expect(results.slice(0, ipLimit).every((result) => !result.ok && result.reason === "invalid")).toBe(true);
    expect(results.slice(ipLimit).every((result) => !result.ok && result.reason === "rate_limited")).toBe(true);
    expect(await authenticate(database.db(), { email: "spread-x@nowhere.test", password: "guess", meta: { ...meta, ip: "2001:db8:5:7::1" } })).toEqual({ ok: false, reason: "invalid" });
  });

  it("counts sign-ins refused for a NUL byte against the same limits before recording them", async () => {
    const probe = { ...meta, ip: "198.18.0.2" };
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => authenticate(database.db(), { email: `probe-${i}\u0000@nowhere.test`, password: "x", meta: probe })));
    expect(results.filter((result) => !result.ok && result.reason === "invalid")).toHaveLength(ipLimit);
    expect(results.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(50 - ipLimit);
    const rows = await auditRowsFrom(probe.ip);
    expect(reasons(rows, "invalid_characters")).toHaveLength(ipLimit);
    expect(reasons(rows, "rate_limited")).toHaveLength(1);

    // And against the limit of the address they name from that IP: the sixth is refused, as a wrong password would be.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await authenticate(database.db(), { email: "target\u0000@nowhere.test", password: "x", meta: { ...meta, ip: "198.18.1.1" } })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate(database.db(), { email: "target@nowhere.test", password: "x", meta: { ...meta, ip: "198.18.1.1" } })).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

describe("resolveSession", () => {
  it("signs a deactivated user out on the next request", async () => {
    const result = await authenticate(database.db(), { email: "employee@demo.test", password: DEMO_PASSWORD, meta });
    if (!result.ok) throw new Error("sign-in failed");
    expect(await resolveSession(database.db(), result.sessionId)).not.toBeNull();
    await setUserActive(database.db(), { userId: result.user.id, active: false });
    expect(await resolveSession(database.db(), result.sessionId)).toBeNull();
    expect(await sessionEnds(result.sessionId)).toMatchObject([{ action: "auth.session_revoked", summary: { reason: "user_deactivated" }, organizationId: result.user.organizationId }]);
    await setUserActive(database.db(), { userId: result.user.id, active: true });
    // Revoked for good: re-activating the user does not bring the old session back.
    expect(await resolveSession(database.db(), result.sessionId)).toBeNull();
  });

  it("ends a session that has been idle longer than the idle timeout", async () => {
    const result = await authenticate(database.db(), { email: "manager@demo.test", password: DEMO_PASSWORD, meta });
    if (!result.ok) throw new Error("sign-in failed");
    const [row] = await database.db().select().from(sessions).where(eq(sessions.id, result.sessionId));
    const justInside = new Date(row!.lastSeenAt.getTime() + 29 * 60_000);
    expect(await resolveSession(database.db(), result.sessionId, justInside)).not.toBeNull();
    const idle = new Date(justInside.getTime() + 31 * 60_000);
    await Promise.all([resolveSession(database.db(), result.sessionId, idle), resolveSession(database.db(), result.sessionId, idle)]);
    expect(await resolveSession(database.db(), result.sessionId, idle)).toBeNull();
    // Audited once, however many requests noticed it.
    expect(await sessionEnds(result.sessionId)).toMatchObject([{ action: "auth.session_revoked", summary: { reason: "idle_timeout" } }]);
  });

  it("ends and audits a session past its maximum age even when it was just used", async () => {
    const result = await authenticate(database.db(), { email: "finance@demo.test", password: DEMO_PASSWORD, meta });
    if (!result.ok) throw new Error("sign-in failed");
    await database.db().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, result.sessionId));
    expect(await resolveSession(database.db(), result.sessionId)).toBeNull();
    expect(await sessionEnds(result.sessionId)).toMatchObject([{ action: "auth.session_revoked", summary: { reason: "max_age" } }]);
  });

  it("ends every session of a user an admin deactivates, one audit row each naming the admin", async () => {
    const sessionsOf = await Promise.all([1, 2].map(() => authenticate(database.db(), { email: "auditor@demo.test", password: DEMO_PASSWORD, meta })));
    const user = await findUserByEmail(database.db(), "auditor@demo.test");
    const admin = await findUserByEmail(database.db(), "admin@demo.test");
    const actor = { organizationId: admin!.organizationId, actorUserId: admin!.id, actorEmail: admin!.email, actorRoles: admin!.roles, ...meta };
    expect(await endUserSessions(database.db(), { owner: user!, reason: "user_deactivated", actor })).toBeGreaterThanOrEqual(2);
    for (const result of sessionsOf) {
      if (!result.ok) throw new Error("sign-in failed");
      expect(await resolveSession(database.db(), result.sessionId)).toBeNull();
      expect(await sessionEnds(result.sessionId)).toMatchObject([{ action: "auth.session_revoked", actorEmail: "admin@demo.test", summary: { reason: "user_deactivated" } }]);
    }
  });

  it("revokes the session on sign-out, so the same cookie no longer resolves, and audits it once", async () => {
    const result = await authenticate(database.db(), { email: "finance@demo.test", password: DEMO_PASSWORD, meta });
    if (!result.ok) throw new Error("sign-in failed");
    const ended = await Promise.all([1, 2].map(() => endSession(database.db(), { sessionId: result.sessionId, owner: result.user, reason: "signed_out", meta })));
    expect(ended.filter(Boolean)).toHaveLength(1);
    expect(await resolveSession(database.db(), result.sessionId)).toBeNull();
    expect(await sessionEnds(result.sessionId)).toMatchObject([{ action: "auth.signed_out", actorEmail: "finance@demo.test" }]);
  });

  it("does not sign in a deactivated user", async () => {
    const user = await findUserByEmail(database.db(), "auditor@demo.test");
    await setUserActive(database.db(), { userId: user!.id, active: false });
    // Told so after the right password only: a wrong one gets the answer every other miss gets.
    expect(await authenticate(database.db(), { email: "auditor@demo.test", password: DEMO_PASSWORD, meta: { ...meta, ip: "192.0.2.1" } })).toEqual({ ok: false, reason: "deactivated" });
    expect(await authenticate(database.db(), { email: "auditor@demo.test", password: "not-the-password", meta: { ...meta, ip: "192.0.2.1" } })).toEqual({ ok: false, reason: "invalid" });
  });
});
