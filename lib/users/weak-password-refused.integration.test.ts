import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { users } from "@/db/schema/users";
import { DEMO_PASSWORD, seedDemo } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { createPersonAction } = await import("@/lib/actions/users/create-person");
const { acceptInvitationAction } = await import("@/lib/actions/account/accept-invitation");
const { changePasswordAction } = await import("@/lib/actions/account/change-password");

const database = withTestDatabase();
const db = () => database.db();
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const signIn = (email: string, password: string) => authenticate(db(), { email, password, meta: TEST_META });

const ABOUT_YOU = "This password contains your name, your email address or the word Cardhub, which are easy to guess. Use a few unrelated words.";
const ABOUT_THEM = "This password contains their name, their email address or the word Cardhub, which are easy to guess. Use a few unrelated words.";
const REPEATS = expect.stringMatching(/^This password repeats a character or a pattern.* Use a few unrelated words\.$/);
const COMMON = expect.stringMatching(/^This password is common, or close to a common one.* Use a few unrelated words\.$/);

/** One refusal, told once: the action's message is its password field's message (the form folds the two into one). */
const refusedOnPassword = (message: unknown) => ({ ok: false, error: { code: "invalid_input", message, fields: { password: message } } });

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

async function passwordHashOf(email: string) {
  const [row] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, email));
  return row!.passwordHash;
}

describe("a weak password is refused on its field wherever a password is set", () => {
  it("accepting an invitation: the invitee's email, a repeat or a common password; the link stays usable", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const invited = await createPersonAction({ method: "invite", name: "Nina Newcomer", email: "nina.newcomer@demo.test", roles: ["employee"], teams: [] });
    if (!invited.ok) throw new Error(invited.error.message);
    const token = tokenOf(invited.data.invitation!.url);
    session.user = null;

    for (const [password, message] of [
      ["nina.newcomer@demo.test", ABOUT_YOU],
      ["ninanewcomer2024", ABOUT_YOU],
      ["passwordpassword", REPEATS],
      ["aaaaaaaaaaaa", REPEATS],
      ["iloveyou1234", COMMON],
    ] as const) {
      expect(await acceptInvitationAction({ token, password, confirm: password })).toMatchObject(refusedOnPassword(message));
    }
    expect(await acceptInvitationAction({ token, password: "violet lantern orbit meadow", confirm: "violet lantern orbit meadow" })).toMatchObject({ ok: true });
    expect(await signIn("nina.newcomer@demo.test", "violet lantern orbit meadow")).toMatchObject({ ok: true });
  });

  it("changing one's own password: refused before the current password is checked, so it costs no guess", async () => {
    session.user = await sessionUserFor(db(), "employee2@demo.test");
    const before = await passwordHashOf("employee2@demo.test");
    for (const [password, message] of [
      ["employee2@demo.test", ABOUT_YOU],
      ["emma employee 1", ABOUT_YOU],
      ["passwordpassword", REPEATS],
    ] as const) {
      expect(await changePasswordAction({ current: "not-the-password", password, confirm: password })).toMatchObject(refusedOnPassword(message));
    }
    expect(await passwordHashOf("employee2@demo.test")).toBe(before);
    const guesses = await db()
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, session.user.id), eq(auditLog.action, "auth.reauthentication_failed")));
    expect(guesses).toEqual([]);

    expect(await changePasswordAction({ current: DEMO_PASSWORD, password: "tangerine submarine ballet", confirm: "tangerine submarine ballet" })).toEqual({ ok: true, data: null });
    expect(await signIn("employee2@demo.test", "tangerine submarine ballet")).toMatchObject({ ok: true });
  });

  it("an administrator's initial password for a new person: refused, speaking of them; nobody is created", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const person = { method: "password", name: "Ivy Initial", email: "ivy.initial@demo.test", roles: ["employee"], teams: [] } as const;
    for (const [password, message] of [
      ["ivy.initial@demo.test", ABOUT_THEM],
      ["ivyinitial1234", ABOUT_THEM],
      ["cardhub123456", ABOUT_THEM],
      ["passwordpassword", REPEATS],
      ["123456789012", COMMON],
    ] as const) {
      expect(await createPersonAction({ ...person, password })).toMatchObject(refusedOnPassword(message));
    }
    expect(await db().select({ id: users.id }).from(users).where(eq(users.email, "ivy.initial@demo.test"))).toEqual([]);
    expect(await createPersonAction({ ...person, password: "copper kettle harbour" })).toMatchObject({ ok: true });
  });
});
