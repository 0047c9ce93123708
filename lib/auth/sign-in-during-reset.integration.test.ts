import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { updateUserFields } from "@/db/queries/people";
import { findUserByEmail } from "@/db/queries/users";
import { sessions } from "@/db/schema/sessions";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";
import { authenticate } from "./authenticate";
import { endUserSessions } from "./end-session";
import { hashPassword } from "./password";
import { resolveSession } from "./resolve-session";

const database = withTestDatabase();
const db = () => database.db();
const PASSWORD = "demo-password";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

/**
 * A credential change caught between its write and its commit, as resetPassword, changeOwnPassword, acceptInvitation
 * and resetTwoFactor run: the person's row is written and their sessions are ended, and the commit is still to come.
 * A sign-in started meanwhile read the old password (the change is not committed), so it passes the check.
 */
async function signInDuringChange(email: string, change: (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0], userId: string) => Promise<void>) {
  const person = (await findUserByEmail(db(), email))!;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let ended!: () => void;
  const sessionsEnded = new Promise<void>((resolve) => (ended = resolve));
  const changing = db().transaction(async (tx) => {
    await change(tx, person.id);
    await endUserSessions(tx, { owner: person, reason: "password_reset", actor: { organizationId: person.organizationId, actorUserId: null, actorEmail: null, actorRoles: [], ...TEST_META } });
    ended();
    await gate;
  });
  await sessionsEnded;
  const signingIn = authenticate(db(), { email, password: PASSWORD, meta: TEST_META });
  // Long enough for the sign-in to finish on its own if nothing holds it back.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  release();
  const [result] = await Promise.all([signingIn, changing]);
  const live = await db().select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, person.id), isNull(sessions.revokedAt)));
  const usable = [];
  for (const session of live) if (await resolveSession(db(), session.id)) usable.push(session.id);
  return { result, usable };
}

describe("a sign-in in flight when the person's credentials change", () => {
  it("gets no session that outlives a password reset", async () => {
    const { result, usable } = await signInDuringChange("finance@demo.test", async (tx, userId) => updateUserFields(tx, userId, { passwordHash: await hashPassword("a-new-password-nobody-knows") }));
    expect(result).toMatchObject({ ok: false, reason: "invalid" });
    expect(usable).toEqual([]);
  });

  it("is let through once a change to something else (their name) commits", async () => {
    const { result, usable } = await signInDuringChange("finance2@demo.test", async (tx, userId) => updateUserFields(tx, userId, { name: "Fran Finance" }));
    expect(result).toMatchObject({ ok: true });
    expect(usable).toEqual(result.ok ? [result.sessionId] : []);
  });

  it("still signs in as usual when nothing changes", async () => {
    expect(await authenticate(db(), { email: "auditor@demo.test", password: PASSWORD, meta: TEST_META })).toMatchObject({ ok: true });
  });
});
