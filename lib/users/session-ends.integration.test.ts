import { and, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession, type SessionRow } from "@/db/queries/sessions";
import { activateTotpSecret } from "@/db/queries/two-factor";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { resolveSession } from "@/lib/auth/resolve-session";
import { auditContextFor } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { acceptInvitation } from "./accept-invitation";
import { adminContextFor, type AdminContext } from "./admin-context";
import { changeOwnPassword } from "./change-own-password";
import { resetPassword } from "./reset-password";
import { resetTwoFactor } from "./reset-two-factor";
import { setPersonActive } from "./set-person-active";

const database = withTestDatabase();
const db = () => database.db();
let admin: AdminContext;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  admin = adminContextFor({ user: await sessionUserFor(db(), "admin@demo.test"), meta: TEST_META });
});

async function openSessions(email: string, count: number): Promise<{ userId: string; sessions: SessionRow[] }> {
  const user = await findUserByEmail(db(), email);
  const opened = [];
  for (let index = 0; index < count; index += 1) {
    opened.push(await createSession(db(), { userId: user!.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null }));
  }
  return { userId: user!.id, sessions: opened };
}

async function sessionEnds(sessionIds: string[]) {
  return db()
    .select()
    .from(auditLog)
    .where(and(inArray(auditLog.targetId, sessionIds), inArray(auditLog.action, ["auth.session_revoked", "auth.signed_out"])))
    .orderBy(auditLog.id);
}

const ids = (rows: SessionRow[]) => rows.map((row) => row.id);

describe("ending sessions when a person's access changes", () => {
  it("ends the person's other sessions when they change their own password, one audit row each, and keeps the current one", async () => {
    const { userId, sessions } = await openSessions("employee@demo.test", 3);
    const [current, ...others] = sessions;
    const self = await sessionUserFor(db(), "employee@demo.test");
    await changeOwnPassword(db(), auditContextFor(self, TEST_META), { userId, sessionId: current!.id, current: DEMO_PASSWORD, password: "a brand new passphrase" });
    for (const other of others) expect(await resolveSession(db(), other.id)).toBeNull();
    expect(await resolveSession(db(), current!.id)).not.toBeNull();
    const ends = await sessionEnds(ids(sessions));
    expect(ends.map((row) => row.targetId).sort()).toEqual(ids(others).sort());
    for (const row of ends) {
      expect(row).toMatchObject({ action: "auth.session_revoked", actorEmail: "employee@demo.test", summary: { reason: "password_changed", userId } });
    }
  });

  it("ends every session of a deactivated person, one audit row each naming the administrator", async () => {
    const { userId, sessions } = await openSessions("employee2@demo.test", 2);
    await setPersonActive(db(), admin, { userId, active: false });
    for (const session of sessions) expect(await resolveSession(db(), session.id)).toBeNull();
    const ends = await sessionEnds(ids(sessions));
    expect(ends.map((row) => row.targetId).sort()).toEqual(ids(sessions).sort());
    for (const row of ends) {
      expect(row).toMatchObject({ action: "auth.session_revoked", actorEmail: "admin@demo.test", summary: { reason: "user_deactivated", userId } });
    }
  });

  it("ends and audits every session on an administrator's password reset, and any left when the link is used", async () => {
    const { userId, sessions } = await openSessions("manager@demo.test", 2);
    const link = await resetPassword(db(), admin, { userId });
    for (const session of sessions) expect(await resolveSession(db(), session.id)).toBeNull();
    const ends = await sessionEnds(ids(sessions));
    expect(ends.map((row) => row.targetId).sort()).toEqual(ids(sessions).sort());
    for (const row of ends) {
      expect(row).toMatchObject({ action: "auth.session_revoked", actorEmail: "admin@demo.test", summary: { reason: "password_reset", userId } });
    }

    // A session that somehow outlived the reset still ends when the person sets their new password.
    const { sessions: later } = await openSessions("manager@demo.test", 1);
    await acceptInvitation(db(), TEST_META, { token: new URL(link.url).pathname.split("/").pop()!, password: "another new passphrase" });
    expect(await resolveSession(db(), later[0]!.id)).toBeNull();
    expect(await sessionEnds(ids(later))).toMatchObject([{ action: "auth.session_revoked", actorEmail: "manager@demo.test", summary: { reason: "password_changed", userId } }]);
  });

  it("ends and audits every session on an administrator's two-factor reset", async () => {
    const { userId, sessions } = await openSessions("manager2@demo.test", 2);
    await activateTotpSecret(db(), { userId, encrypted: "enrolled", step: 0 });
    await resetTwoFactor(db(), admin, { userId });
    for (const session of sessions) expect(await resolveSession(db(), session.id)).toBeNull();
    const ends = await sessionEnds(ids(sessions));
    expect(ends.map((row) => row.targetId).sort()).toEqual(ids(sessions).sort());
    for (const row of ends) {
      expect(row).toMatchObject({ action: "auth.session_revoked", actorEmail: "admin@demo.test", summary: { reason: "two_factor_reset", userId } });
    }
  });
});
