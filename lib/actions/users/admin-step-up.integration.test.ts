import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { findTwoFactorState } from "@/db/queries/two-factor";
import { userInvitations } from "@/db/schema/user-credentials";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { withAuthenticator } from "@/test/two-factor-person";
import { adminSessionProvedAgo, lastAdminDenial } from "@/test/admin-step-up";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { createPersonAction } = await import("@/lib/actions/users/create-person");
const { resetPasswordAction } = await import("@/lib/actions/users/reset-password");
const { resetTwoFactorAction } = await import("@/lib/actions/users/reset-two-factor");
const { setPersonActiveAction } = await import("@/lib/actions/users/set-person-active");
const { updatePersonAction } = await import("@/lib/actions/users/update-person");

const database = withTestDatabase();
const db = () => database.db();
const HOUR = 3_600_000;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const adminSession = (ageMs: number) => adminSessionProvedAgo(db(), ageMs);

const lastDenial = () => lastAdminDenial(db());

async function linksOf(userId: string) {
  return db().select({ id: userInvitations.id }).from(userInvitations).where(eq(userInvitations.userId, userId));
}

async function personByEmail(email: string) {
  const [row] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
  return row ?? null;
}

const STEP_UP_REFUSED = { ok: false, error: { code: "step_up_required" } };
const refusalOn = (targetId: string | null) => ({
  action: "permission.denied",
  outcome: "denied",
  targetType: targetId ? "user" : null,
  targetId,
  summary: { permission: "admin.manage", reason: "step_up_required" },
});

describe("an admin session that has proved nothing for an hour cannot hand out or take away a way into an account", () => {
  it("reset two-factor: refused step_up_required and audited on the person; their authenticator stays", async () => {
    const { user: finance } = await withAuthenticator(db(), "finance@demo.test");
    session.user = await adminSession(HOUR);
    expect(await resetTwoFactorAction({ userId: finance.id })).toMatchObject(STEP_UP_REFUSED);
    expect((await findTwoFactorState(db(), finance.id))?.secretEncrypted).toBeTruthy();
    expect(await lastDenial()).toMatchObject(refusalOn(finance.id));

    session.user = await adminSession(0);
    expect(await resetTwoFactorAction({ userId: finance.id })).toEqual({ ok: true, data: null });
    expect((await findTwoFactorState(db(), finance.id))?.secretEncrypted ?? null).toBeNull();
  });

  it("reset password / new link: refused step_up_required and audited on the person; no link, the password unchanged", async () => {
    const finance2 = await sessionUserFor(db(), "finance2@demo.test");
    const [before] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, finance2.id));
    session.user = await adminSession(HOUR);
    expect(await resetPasswordAction({ userId: finance2.id })).toMatchObject(STEP_UP_REFUSED);
    expect(await linksOf(finance2.id)).toEqual([]);
    const [after] = await db().select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, finance2.id));
    expect(after!.passwordHash).toBe(before!.passwordHash);
    expect(await lastDenial()).toMatchObject(refusalOn(finance2.id));

    session.user = await adminSession(0);
    const link = await resetPasswordAction({ userId: finance2.id });
    expect(link).toMatchObject({ ok: true, data: { url: expect.stringMatching(/\/invite\//) } });
    expect(await linksOf(finance2.id)).toHaveLength(1);
  });

  it("create person, by invitation link or with an initial password: refused step_up_required and audited; nobody is created", async () => {
    const invite = { method: "invite" as const, name: "Ivy Invited", email: "ivy@demo.test", roles: ["finance" as const], teams: [] };
    const withPassword = { method: "password" as const, name: "Pat Password", email: "pat@demo.test", roles: ["admin" as const], teams: [], password: "an initial passphrase" };
    session.user = await adminSession(HOUR);
    for (const input of [invite, withPassword]) {
      expect(await createPersonAction(input)).toMatchObject(STEP_UP_REFUSED);
      expect(await personByEmail(input.email)).toBeNull();
      expect(await lastDenial()).toMatchObject(refusalOn(null));
    }

    session.user = await adminSession(0);
    expect(await createPersonAction(invite)).toMatchObject({ ok: true, data: { invitation: { url: expect.stringMatching(/\/invite\//) } } });
    expect(await createPersonAction(withPassword)).toMatchObject({ ok: true, data: { invitation: null } });
    expect(await personByEmail("ivy@demo.test")).not.toBeNull();
    expect(await personByEmail("pat@demo.test")).not.toBeNull();
  });

  it("role and team changes: refused step_up_required and audited; a rename alone goes through", async () => {
    const employee = await sessionUserFor(db(), "employee2@demo.test");
    const person = (await findPerson(db(), employee.id))!;
    const loaded = { roles: person.roles, teams: person.teams };
    session.user = await adminSession(HOUR);
    const promoted = { userId: person.id, name: person.name, roles: [...person.roles, "finance" as const], teams: person.teams, loaded };
    expect(await updatePersonAction(promoted)).toMatchObject(STEP_UP_REFUSED);
    expect(await lastDenial()).toMatchObject(refusalOn(person.id));
    const leftTeam = { userId: person.id, name: person.name, roles: person.roles, teams: [], loaded };
    expect(await updatePersonAction(leftTeam)).toMatchObject(STEP_UP_REFUSED);
    // Without the roles and teams the form opened with, the edit cannot show it changes no access: asked too.
    expect(await updatePersonAction({ userId: person.id, name: person.name, roles: person.roles, teams: person.teams })).toMatchObject(STEP_UP_REFUSED);
    expect(await findPerson(db(), person.id)).toMatchObject({ roles: person.roles, teams: person.teams });
    expect(await updatePersonAction({ userId: person.id, name: "Emma E.", roles: person.roles, teams: person.teams, loaded })).toEqual({ ok: true, data: { changed: true, notice: null } });

    session.user = await adminSession(0);
    expect(await updatePersonAction({ ...promoted, name: "Emma E." })).toEqual({ ok: true, data: { changed: true, notice: null } });
    expect((await findPerson(db(), person.id))!.roles).toEqual(["employee", "finance"]);
  });

  it("reactivation: refused step_up_required and audited, the person stays deactivated; deactivating needs no step-up", async () => {
    const leaver = await sessionUserFor(db(), "employee@demo.test");
    session.user = await adminSession(HOUR);
    // Taking access away is what a stale session (or an admin in a hurry) may still do.
    expect(await setPersonActiveAction({ userId: leaver.id, active: false })).toMatchObject({ ok: true });
    expect(await setPersonActiveAction({ userId: leaver.id, active: true })).toMatchObject(STEP_UP_REFUSED);
    expect((await findPerson(db(), leaver.id))!.active).toBe(false);
    expect(await lastDenial()).toMatchObject(refusalOn(leaver.id));

    session.user = await adminSession(0);
    expect(await setPersonActiveAction({ userId: leaver.id, active: true })).toMatchObject({ ok: true });
    expect((await findPerson(db(), leaver.id))!.active).toBe(true);
  });

  it("a step-up just under five minutes old still counts", async () => {
    const manager = await sessionUserFor(db(), "manager@demo.test");
    session.user = await adminSession(4.5 * 60_000);
    expect(await resetPasswordAction({ userId: manager.id })).toMatchObject({ ok: true });
  });

  it("someone who is not an administrator is refused by their role first, with or without a step-up", async () => {
    const finance = await sessionUserFor(db(), "finance@demo.test");
    session.user = { ...(await sessionUserFor(db(), "auditor@demo.test")), reauthenticatedAt: new Date(Date.now() - HOUR) };
    expect(await resetPasswordAction({ userId: finance.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});
