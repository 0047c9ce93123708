import { and, desc, eq, sql } from "drizzle-orm";
import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { findPerson, listCardsOfDeactivatedOwners } from "@/db/queries/people";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { createSession } from "@/db/queries/sessions";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userInvitations } from "@/db/schema/user-credentials";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { authenticate } from "@/lib/auth/authenticate";
import { resolveSession } from "@/lib/auth/resolve-session";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { serializeAll } from "@/test/serialize";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { teamIdNamed } from "@/test/team-named";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { createPersonAction } = await import("@/lib/actions/users/create-person");
const { updatePersonAction } = await import("@/lib/actions/users/update-person");
const { setPersonActiveAction } = await import("@/lib/actions/users/set-person-active");
const { resetPasswordAction } = await import("@/lib/actions/users/reset-password");
const { createTeamAction } = await import("@/lib/actions/teams/create-team");
const { updateTeamAction } = await import("@/lib/actions/teams/update-team");
const { acceptInvitationAction } = await import("@/lib/actions/account/accept-invitation");
const { changePasswordAction } = await import("@/lib/actions/account/change-password");
const { freezeCardAction } = await import("@/lib/actions/cards/freeze-card");

const database = withTestDatabase();
const db = () => database.db();
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;
const signIn = (email: string, password: string) => authenticate(db(), { email, password, meta: TEST_META });

let otherOrgUserId: string;
let otherOrgTeamId: string;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [other] = await db().insert(organizations).values({ name: "Other Company" }).returning();
  const [stranger] = await db().insert(users).values({ organizationId: other!.id, email: "stranger@other.test", name: "Stranger", passwordHash: "x" }).returning();
  const [team] = await db().insert(teams).values({ organizationId: other!.id, name: "Elsewhere" }).returning();
  otherOrgUserId = stranger!.id;
  otherOrgTeamId = team!.id;
});

async function asAdmin() {
  session.user = await sessionUserFor(db(), "admin@demo.test");
}

describe("people", () => {
  it("invites a person with a single-use, seven-day link who then sets a password and signs in", async () => {
    await asAdmin();
    const operations = (await db().select().from(teams).where(eq(teams.name, "Operations")))[0]!;
    const result = await createPersonAction({ method: "invite", name: "Nina New", email: "Nina@Demo.test", roles: ["employee", "manager"], teams: [{ teamId: operations.id, manager: true }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const url = result.data.invitation!.url;
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
    const days = (new Date(result.data.invitation!.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    const person = await findPerson(db(), result.data.userId);
    expect(person).toMatchObject({ email: "nina@demo.test", roles: ["employee", "manager"], teams: [{ teamId: operations.id, manager: true }] });
    // Only the hash of the token is stored; the audit row holds neither token nor link.
    const [invitation] = await db().select().from(userInvitations).where(eq(userInvitations.userId, result.data.userId));
    expect(invitation!.tokenHash).not.toContain(tokenOf(url));
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, result.data.userId)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "user.invited", actorEmail: "admin@demo.test" });
    expect(serializeAll(audit)).not.toContain(tokenOf(url));

    expect(await signIn("nina@demo.test", "anything-at-all-123")).toMatchObject({ ok: false });
    session.user = null;
    expect(await acceptInvitationAction({ token: tokenOf(url), password: "short", confirm: "short" })).toMatchObject({ ok: false, error: { fields: { password: expect.any(String) } } });
    expect(await acceptInvitationAction({ token: tokenOf(url), password: "a long new passphrase", confirm: "a long new passphrase" })).toMatchObject({ ok: true });
    expect(await signIn("nina@demo.test", "a long new passphrase")).toMatchObject({ ok: true });
    // Single use.
    expect(await acceptInvitationAction({ token: tokenOf(url), password: "another passphrase!", confirm: "another passphrase!" })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/already used/) } });
  });

  it("refuses an expired link", async () => {
    await asAdmin();
    const result = await createPersonAction({ method: "invite", name: "Late Larry", email: "larry@demo.test", roles: ["employee"], teams: [] });
    if (!result.ok) throw new Error(result.error.message);
    await db().update(userInvitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userInvitations.userId, result.data.userId));
    expect(await acceptInvitationAction({ token: tokenOf(result.data.invitation!.url), password: "a long new passphrase", confirm: "a long new passphrase" })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/expired/) },
    });
  });

  it("creates a person with an initial password who must change it before doing anything else", async () => {
    await asAdmin();
    const result = await createPersonAction({ method: "password", name: "Ivan Initial", email: "ivan@demo.test", roles: ["finance"], teams: [], password: "initial-password-1" });
    expect(result).toMatchObject({ ok: true, data: { invitation: null } });
    expect(await signIn("ivan@demo.test", "initial-password-1")).toMatchObject({ ok: true });
    session.user = await sessionUserFor(db(), "ivan@demo.test");
    expect(session.user.mustChangePassword).toBe(true);
    expect(await freezeCardAction({ cardId: "00000000-0000-4000-8000-000000000001" })).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/new password/) } });
    expect(await changePasswordAction({ current: "wrong", password: "my own passphrase", confirm: "my own passphrase" })).toMatchObject({ ok: false, error: { fields: { current: expect.any(String) } } });
    expect(await changePasswordAction({ current: "initial-password-1", password: "my own passphrase", confirm: "my own passphrase" })).toMatchObject({ ok: true });
    expect((await sessionUserFor(db(), "ivan@demo.test")).mustChangePassword).toBe(false);
    expect(await signIn("ivan@demo.test", "my own passphrase")).toMatchObject({ ok: true });
  });

  it("reports every invalid field at once and refuses a taken email", async () => {
    await asAdmin();
    const result = await createPersonAction({ method: "invite", name: "", email: "not-an-email", roles: [], teams: [] });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { name: expect.any(String), email: expect.any(String), roles: expect.any(String) } } });
    expect(await createPersonAction({ method: "invite", name: "Dup", email: "FINANCE@demo.test", roles: ["employee"], teams: [] })).toMatchObject({ ok: false, error: { code: "conflict", fields: { email: expect.any(String) } } });
  });

  it("edits name, roles and teams, auditing before and after", async () => {
    await asAdmin();
    const employee = await sessionUserFor(db(), "employee2@demo.test");
    const marketing = (await db().select().from(teams).where(eq(teams.name, "Marketing")))[0]!;
    expect(await updatePersonAction({ userId: employee.id, name: "Emma E.", roles: ["employee", "manager"], teams: [{ teamId: marketing.id, manager: true }] })).toMatchObject({ ok: true });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, employee.id)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({
      action: "user.roles_changed",
      summary: { before: { name: "Emma Employee", roles: ["employee"] }, after: { name: "Emma E.", roles: ["employee", "manager"], teams: [{ teamId: marketing.id, manager: true }] } },
    });
  });

  it("says when an edit leaves a team without a manager, and not while another manager remains", async () => {
    await asAdmin();
    const team = await createTeamAction({ name: "Night desk" });
    if (!team.ok) throw new Error(team.error.message);
    const teamId = team.data.teamId;
    const managerOfNightDesk = async (name: string, email: string) => {
      const created = await createPersonAction({ method: "password", name, email, roles: ["employee", "manager"], teams: [{ teamId, manager: true }], password: "initial-password-1" });
      if (!created.ok) throw new Error(created.error.message);
      return created.data.userId;
    };
    const nadia = await managerOfNightDesk("Nadia Night", "nadia@demo.test");
    const noor = await managerOfNightDesk("Noor Night", "noor@demo.test");

    // Noor still manages it.
    expect(await updatePersonAction({ userId: nadia, name: "Nadia Night", roles: ["employee", "manager"], teams: [{ teamId, manager: false }] })).toEqual({
      ok: true,
      data: { changed: true, notice: null },
    });
    // Taking away the role of its last manager: the team stays, finance takes its manager steps, and the answer says so.
    expect(await updatePersonAction({ userId: noor, name: "Noor Night", roles: ["employee"], teams: [{ teamId, manager: false }] })).toEqual({
      ok: true,
      data: { changed: true, notice: "Night desk now has no manager: finance approves in the manager's place the requests of its members until you name one (Settings → Teams)." },
    });
    // Nadia managing it again, then deactivated: the same notice beside the deactivation's own answer.
    expect(await updatePersonAction({ userId: nadia, name: "Nadia Night", roles: ["employee", "manager"], teams: [{ teamId, manager: true }] })).toMatchObject({ ok: true, data: { notice: null } });
    expect(await setPersonActiveAction({ userId: nadia, active: false })).toMatchObject({ ok: true, data: { notice: expect.stringMatching(/^Night desk now has no manager: /) } });
    expect(await setPersonActiveAction({ userId: nadia, active: true })).toMatchObject({ ok: true, data: { notice: null } });
  });

  it("saves a form with nothing edited as no change: nothing written, no audit row, and the answer says so", async () => {
    await asAdmin();
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const rowsBefore = await db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.targetId, employee.id));
    const held = await db().select({ teamId: teamMemberships.teamId, manager: teamMemberships.isManager }).from(teamMemberships).where(eq(teamMemberships.userId, employee.id));
    // The roles in another order than held, and the name with the spaces the form's schema trims: still the same person.
    const same = { userId: employee.id, name: ` ${employee.name} `, roles: ["employee" as const], teams: held, loaded: { roles: ["employee" as const], teams: held } };
    expect(await updatePersonAction(same)).toEqual({ ok: true, data: { changed: false, notice: null } });
    expect(await db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.targetId, employee.id))).toEqual(rowsBefore);
    expect(await updatePersonAction({ ...same, name: `${employee.name} Jr` })).toEqual({ ok: true, data: { changed: true, notice: null } });
    const [renamed] = await db().select().from(auditLog).where(eq(auditLog.targetId, employee.id)).orderBy(desc(auditLog.id)).limit(1);
    expect(renamed).toMatchObject({ action: "user.updated", summary: { before: { name: employee.name }, after: { name: `${employee.name} Jr` } } });
    expect(await updatePersonAction({ ...same, name: employee.name })).toMatchObject({ ok: true });
  });

  it("never lets the last active admin be demoted or deactivated", async () => {
    await asAdmin();
    const admin = session.user!;
    expect(await updatePersonAction({ userId: admin.id, name: admin.name, roles: ["finance"], teams: [] })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect((await findPerson(db(), admin.id))!.roles).toEqual(["admin"]);
    // With a second admin, one may go, but not both.
    const second = await createPersonAction({ method: "password", name: "Second Admin", email: "admin2@demo.test", roles: ["admin"], teams: [], password: "copper kettle harbour" });
    if (!second.ok) throw new Error(second.error.message);
    expect(await setPersonActiveAction({ userId: second.data.userId, active: false })).toMatchObject({ ok: true });
    expect(await updatePersonAction({ userId: admin.id, name: admin.name, roles: ["finance"], teams: [] })).toMatchObject({ ok: false, error: { code: "conflict" } });
  });

  it("lets nobody give themselves a role or a team (audited), while another admin can and giving up stays allowed", async () => {
    await asAdmin();
    const admin = session.user!;
    const [second] = await db().select({ id: users.id }).from(users).where(eq(users.email, "admin2@demo.test"));
    expect(await setPersonActiveAction({ userId: second!.id, active: true })).toMatchObject({ ok: true });
    // As if they had replaced their initial password.
    await db().update(users).set({ mustChangePassword: false }).where(eq(users.id, second!.id));
    session.user = await sessionUserFor(db(), "admin2@demo.test");
    expect(await updatePersonAction({ userId: admin.id, name: admin.name, roles: ["admin", "finance"], teams: [] })).toMatchObject({ ok: true });

    await asAdmin();
    const marketing = (await db().select().from(teams).where(eq(teams.name, "Marketing")))[0]!;
    for (const grant of [
      { roles: ["admin", "finance", "auditor"] as const, teams: [] },
      { roles: ["admin", "finance"] as const, teams: [{ teamId: marketing.id, manager: false }] },
      // Managing a team without the manager role is refused for anyone, but for themselves it is a self-grant first.
      { roles: ["admin", "finance"] as const, teams: [{ teamId: marketing.id, manager: true }] },
    ]) {
      expect(await updatePersonAction({ userId: admin.id, name: admin.name, roles: [...grant.roles], teams: grant.teams })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const [denial] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, admin.id), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1);
      expect(denial).toMatchObject({ action: "permission.denied", summary: { reason: "self_grant" } });
    }
    expect((await findPerson(db(), admin.id))!).toMatchObject({ roles: ["admin", "finance"], teams: [] });
    // Their own name, and a role they give up.
    expect(await updatePersonAction({ userId: admin.id, name: "Ada A.", roles: ["admin"], teams: [] })).toMatchObject({ ok: true });
    expect((await findPerson(db(), admin.id))!).toMatchObject({ name: "Ada A.", roles: ["admin"] });
  });

  it("deactivates a person: their session ends on the next request, they cannot sign in, their open cards are listed", async () => {
    await asAdmin();
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const signedIn = await signIn("employee@demo.test", "demo-password");
    if (!signedIn.ok) throw new Error("demo sign-in failed");
    expect(await resolveSession(db(), signedIn.sessionId)).not.toBeNull();
    const [account] = await listProviderAccounts(db(), { organizationId: employee.organizationId });
    const card = await insertCard(db(), {
      organizationId: employee.organizationId,
      providerAccountId: account!.id,
      providerCardId: "remote-eli",
      cardModel: "prepaid",
      ownerUserId: employee.id,
      alias: "Eli travel",
      currency: "USD",
      status: "active",
      balance: 500n,
    });
    const result = await setPersonActiveAction({ userId: employee.id, active: false });
    expect(result).toMatchObject({ ok: true, data: { openCards: [{ id: card.id, alias: "Eli travel", status: "active" }] } });
    expect(await resolveSession(db(), signedIn.sessionId)).toBeNull();
    expect(await listCardsOfDeactivatedOwners(db(), { organizationId: employee.organizationId, limit: 10 })).toEqual([
      { id: card.id, alias: "Eli travel", maskedNumber: null, status: "active", ownerName: "Eli Employee" },
    ]);
    expect(await signIn("employee@demo.test", "demo-password")).toMatchObject({ ok: false, reason: "deactivated" });
    expect(await setPersonActiveAction({ userId: employee.id, active: true })).toMatchObject({ ok: true });
    expect(await signIn("employee@demo.test", "demo-password")).toMatchObject({ ok: true });
  });

  it("deactivating a person ends their open invitation or reset link, which stays dead after they are reactivated (audited)", async () => {
    await asAdmin();
    const finance2 = await sessionUserFor(db(), "finance2@demo.test");
    const link = await resetPasswordAction({ userId: finance2.id });
    if (!link.ok) throw new Error(link.error.message);
    expect(await setPersonActiveAction({ userId: finance2.id, active: false })).toMatchObject({ ok: true });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, finance2.id), eq(auditLog.action, "user.deactivated"))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit?.summary).toMatchObject({ revokedLinks: 1 });
    expect(await setPersonActiveAction({ userId: finance2.id, active: true })).toMatchObject({ ok: true });
    expect(await acceptInvitationAction({ token: tokenOf(link.data.url), password: "a returning passphrase", confirm: "a returning passphrase" })).toMatchObject({ ok: false });
    const open = await db().select().from(userInvitations).where(and(eq(userInvitations.userId, finance2.id)));
    expect(open.every((row) => row.revokedAt !== null || row.usedAt !== null)).toBe(true);
    // A new link issued after the return works.
    const fresh = await resetPasswordAction({ userId: finance2.id });
    if (!fresh.ok) throw new Error(fresh.error.message);
    expect(await acceptInvitationAction({ token: tokenOf(fresh.data.url), password: "a returning passphrase", confirm: "a returning passphrase" })).toMatchObject({ ok: true });
  });

  it("a reset link asked for while the person is being deactivated is refused, not left working behind the deactivation", async () => {
    await asAdmin();
    const leaver = await sessionUserFor(db(), "employee@demo.test");
    const other = new pg.Client({ connectionString: database.url() });
    await other.connect();
    try {
      // Another administrator's deactivation, under way: the person's row locked and marked inactive, not yet committed.
      await other.query("begin");
      await other.query("select id from users where id = $1 for update", [leaver.id]);
      await other.query("update users set active = false where id = $1", [leaver.id]);
      const reset = resetPasswordAction({ userId: leaver.id });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query("commit");
      expect(await reset).toMatchObject({ ok: false, error: { code: "conflict" } });
      const links = await db().select().from(userInvitations).where(and(eq(userInvitations.userId, leaver.id)));
      expect(links.every((row) => row.revokedAt !== null || row.usedAt !== null)).toBe(true);
    } finally {
      await other.end();
      await db().update(users).set({ active: true }).where(eq(users.id, leaver.id));
    }
  });

  it("an edit of a person whose teams or roles changed since the form opened is refused, not saved over that change", async () => {
    await asAdmin();
    const person = await sessionUserFor(db(), "employee2@demo.test");
    const operations = (await db().select().from(teams).where(eq(teams.name, "Operations")))[0]!;
    const before = (await findPerson(db(), person.id))!;
    const loaded = { roles: before.roles, teams: before.teams };
    // Meanwhile, on Settings → Teams, another admin adds them to Operations.
    const members = await db().select({ userId: teamMemberships.userId, manager: teamMemberships.isManager }).from(teamMemberships).where(eq(teamMemberships.teamId, operations.id));
    expect(await updateTeamAction({ teamId: operations.id, name: "Operations", members: [...members, { userId: person.id, manager: false }] })).toMatchObject({ ok: true });
    expect(before.teams.some((membership) => membership.teamId === operations.id)).toBe(false);

    const renamed = await updatePersonAction({ userId: person.id, name: "Renamed Meanwhile", roles: before.roles, teams: before.teams, loaded });
    expect(renamed).toMatchObject({ ok: false, error: { code: "conflict", fields: { teams: expect.stringContaining("since you opened this form") } } });
    const after = (await findPerson(db(), person.id))!;
    expect(after.teams.some((membership) => membership.teamId === operations.id)).toBe(true);
    expect(after.name).not.toBe("Renamed Meanwhile");

    // Opened again, the form shows the new team, and the rename goes through keeping it.
    const reloaded = { roles: after.roles, teams: after.teams };
    expect(await updatePersonAction({ userId: person.id, name: "Renamed Meanwhile", roles: after.roles, teams: after.teams, loaded: reloaded })).toMatchObject({ ok: true });
    expect((await findPerson(db(), person.id))!.teams.some((membership) => membership.teamId === operations.id)).toBe(true);

    // A role given meanwhile is kept the same way.
    const stale = { roles: after.roles, teams: after.teams };
    const given = (["auditor", "manager", "finance"] as const).find((role) => !after.roles.includes(role))!;
    expect(await updatePersonAction({ userId: person.id, name: "Renamed Meanwhile", roles: [...after.roles, given], teams: after.teams, loaded: stale })).toMatchObject({ ok: true });
    expect(await updatePersonAction({ userId: person.id, name: "Renamed Again", roles: after.roles, teams: after.teams, loaded: stale })).toMatchObject({ ok: false, error: { code: "conflict", fields: { roles: expect.any(String) } } });
    expect((await findPerson(db(), person.id))!.roles).toContain(given);
  });

  it("refuses a team name another team has in other capitals, also when two are created at once; a team may change its own capitals", async () => {
    await asAdmin();
    const created = await createTeamAction({ name: "Field Sales" });
    expect(created).toMatchObject({ ok: true });
    for (const name of ["field sales", "FIELD SALES", " Field sales "]) {
      expect(await createTeamAction({ name })).toMatchObject({ ok: false, error: { code: "conflict", fields: { name: "Another team already has this name." } } });
    }
    const racing = await Promise.all([createTeamAction({ name: "Night Shift" }), createTeamAction({ name: "night shift" })]);
    expect(racing.filter((result) => result.ok)).toHaveLength(1);
    expect(await db().select().from(teams).where(sql`lower(${teams.name}) in ('field sales', 'night shift')`)).toHaveLength(2);
    if (!created.ok) throw new Error("not created");
    expect(await updateTeamAction({ teamId: created.data.teamId, name: "Field sales", members: [] })).toMatchObject({ ok: true });
  });

  it("resets a password: the old one stops working, sessions end, a new link sets a new one", async () => {
    await asAdmin();
    const manager = await sessionUserFor(db(), "manager2@demo.test");
    const live = await createSession(db(), { userId: manager.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null });
    const result = await resetPasswordAction({ userId: manager.id });
    if (!result.ok) throw new Error(result.error.message);
    expect(await resolveSession(db(), live.id)).toBeNull();
    expect(await signIn("manager2@demo.test", "demo-password")).toMatchObject({ ok: false });
    expect(await acceptInvitationAction({ token: tokenOf(result.data.url), password: "brand new passphrase", confirm: "brand new passphrase" })).toMatchObject({ ok: true });
    expect(await signIn("manager2@demo.test", "brand new passphrase")).toMatchObject({ ok: true });
  });

  it("refuses non-admins (audited) and another organisation's people and teams", async () => {
    session.user = await sessionUserFor(db(), "finance@demo.test");
    expect(await createPersonAction({ method: "invite", name: "Sneaky", email: "sneaky@demo.test", roles: ["admin"], teams: [] })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const [denial] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorEmail, "finance@demo.test"), eq(auditLog.outcome, "denied")))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(denial).toMatchObject({ action: "permission.denied", summary: { permission: "admin.manage" } });
    expect(await setPersonActiveAction({ userId: otherOrgUserId, active: false })).toMatchObject({ ok: false, error: { code: "forbidden" } });

    await asAdmin();
    expect(await setPersonActiveAction({ userId: otherOrgUserId, active: false })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await resetPasswordAction({ userId: otherOrgUserId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await updatePersonAction({ userId: otherOrgUserId, name: "Mine now", roles: ["admin"], teams: [] })).toMatchObject({ ok: false, error: { code: "not_found" } });
    const employee = await sessionUserFor(db(), "employee@demo.test");
    expect(await updatePersonAction({ userId: employee.id, name: "Eli", roles: ["employee"], teams: [{ teamId: otherOrgTeamId, manager: true }] })).toMatchObject({
      ok: false,
      error: { code: "invalid_input" },
    });
    expect(await updateTeamAction({ teamId: otherOrgTeamId, name: "Taken over", members: [] })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("teams", () => {
  it("creates, renames, sets several managers and moves a member, with before and after audited", async () => {
    await asAdmin();
    const created = await createTeamAction({ name: "Finance Ops" });
    if (!created.ok) throw new Error(created.error.message);
    expect(await createTeamAction({ name: "Finance Ops" })).toMatchObject({ ok: false, error: { code: "conflict", fields: { name: expect.any(String) } } });
    const eli = await sessionUserFor(db(), "employee@demo.test");
    const omar = await sessionUserFor(db(), "manager@demo.test");
    const mia = await sessionUserFor(db(), "manager2@demo.test");
    const operations = (await db().select().from(teams).where(eq(teams.name, "Operations")))[0]!;
    // Move Eli from Operations to the new team (out of one, into the other).
    const opsMembers = (await findPerson(db(), omar.id))!.teams.some((team) => team.teamId === operations.id);
    expect(opsMembers).toBe(true);
    expect(await updateTeamAction({ teamId: operations.id, name: "Operations", members: [{ userId: omar.id, manager: true }] })).toMatchObject({ ok: true });
    expect(
      await updateTeamAction({ teamId: created.data.teamId, name: "Treasury", members: [{ userId: eli.id, manager: false }, { userId: omar.id, manager: true }, { userId: mia.id, manager: true }] }),
    ).toMatchObject({ ok: true });
    expect((await findPerson(db(), eli.id))!.teams).toEqual([{ teamId: created.data.teamId, manager: false }]);
    const rows = await db().select().from(auditLog).where(eq(auditLog.targetId, created.data.teamId)).orderBy(auditLog.id);
    expect(rows.map((row) => row.action)).toEqual(["team.created", "team.updated", "team.members_changed"]);
    expect(rows[1]!.summary).toMatchObject({ before: { name: "Finance Ops" }, after: { name: "Treasury" } });
    expect(await updateTeamAction({ teamId: created.data.teamId, name: "Treasury", members: [{ userId: otherOrgUserId, manager: false }] })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
  it("lets no admin add themselves to a team or make themselves its manager (audited); another admin can, and leaving is allowed", async () => {
    await asAdmin();
    const admin = session.user!;
    const marketing = (await db().select().from(teams).where(eq(teams.name, "Marketing")))[0]!;
    const { teamMembers } = await import("@/db/queries/team-admin");
    const members = await teamMembers(db(), marketing.id);
    const refused = await updateTeamAction({ teamId: marketing.id, name: "Marketing", members: [...members, { userId: admin.id, manager: true }] });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await teamMembers(db(), marketing.id)).toEqual(members);
    const denials = await db().select().from(auditLog).where(and(eq(auditLog.targetId, marketing.id), eq(auditLog.outcome, "denied")));
    expect(denials.map((row) => row.summary)).toEqual([expect.objectContaining({ reason: "self_grant" })]);
    // Renaming and changing other people's places stays allowed.
    expect(await updateTeamAction({ teamId: marketing.id, name: "Marketing", members: members.filter((member) => member.manager) })).toMatchObject({ ok: true });
    expect(await updateTeamAction({ teamId: marketing.id, name: "Marketing", members })).toMatchObject({ ok: true });
  });
});

describe("an administrator who manages a team", () => {
  it("cannot put people into that team, on Settings → People or Settings → Teams (refused, audited); removing them and other teams stay allowed", async () => {
    const { teamMembers } = await import("@/db/queries/team-admin");
    const operations = await teamIdNamed(db(), "Operations");
    const marketing = await teamIdNamed(db(), "Marketing");
    const admin = await sessionUserFor(db(), "admin@demo.test");
    // Another administrator made Ada a manager of Marketing (she cannot do it herself).
    session.user = await sessionUserFor(db(), "admin2@demo.test");
    expect(await updatePersonAction({ userId: admin.id, name: admin.name, roles: ["admin", "manager"], teams: [{ teamId: marketing, manager: true }] })).toMatchObject({ ok: true });
    const [newcomer] = await db().insert(users).values({ organizationId: admin.organizationId, email: "newcomer@demo.test", name: "Nico Newcomer", passwordHash: "x" }).returning();
    const nico = (await findPerson(db(), newcomer!.id))!;
    const lastDenial = async (targetId: string) =>
      (await db().select().from(auditLog).where(and(eq(auditLog.targetId, targetId), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1))[0];

    await asAdmin();
    // Settings → People: into Marketing, alone or with another team, is refused and audited.
    for (const into of [[marketing], [operations, marketing]]) {
      const refused = await updatePersonAction({ userId: nico.id, name: nico.name, roles: ["employee"], teams: into.map((teamId) => ({ teamId, manager: false })) });
      expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: "You cannot add people to a team you manage. Ask another administrator." } });
      expect(await lastDenial(nico.id)).toMatchObject({ action: "permission.denied", actorUserId: admin.id, summary: { permission: "admin.manage", reason: "manages_team", added: { teams: [marketing] } } });
    }
    expect((await findPerson(db(), nico.id))!).toMatchObject({ roles: [], teams: [] });
    // Settings → Teams: adding to Marketing is refused and audited on the team.
    const marketingMembers = await teamMembers(db(), marketing);
    const refused = await updateTeamAction({ teamId: marketing, name: "Marketing", members: [...marketingMembers, { userId: nico.id, manager: false }] });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden", message: "You cannot add people to a team you manage. Ask another administrator." } });
    expect(await lastDenial(marketing)).toMatchObject({ action: "permission.denied", teamId: marketing, summary: { permission: "admin.manage", reason: "manages_team", added: { members: [nico.id] } } });
    expect(await teamMembers(db(), marketing)).toEqual(marketingMembers);

    // A team she does not manage stays hers to change, on either screen.
    expect(await updatePersonAction({ userId: nico.id, name: nico.name, roles: ["employee"], teams: [{ teamId: operations, manager: false }] })).toMatchObject({ ok: true });
    expect(await updateTeamAction({ teamId: operations, name: "Operations", members: (await teamMembers(db(), operations)).filter((member) => member.userId !== nico.id) })).toMatchObject({ ok: true });
    // Another administrator may put Nico into Marketing; Ada may then take him out again, on either screen.
    session.user = await sessionUserFor(db(), "admin2@demo.test");
    expect(await updatePersonAction({ userId: nico.id, name: nico.name, roles: ["employee"], teams: [{ teamId: marketing, manager: false }, { teamId: operations, manager: false }] })).toMatchObject({ ok: true });
    await asAdmin();
    expect(await updatePersonAction({ userId: nico.id, name: nico.name, roles: ["employee"], teams: [{ teamId: operations, manager: false }] })).toMatchObject({ ok: true });
    session.user = await sessionUserFor(db(), "admin2@demo.test");
    expect(await updateTeamAction({ teamId: marketing, name: "Marketing", members: [...marketingMembers, { userId: nico.id, manager: false }] })).toMatchObject({ ok: true });
    await asAdmin();
    expect(await updateTeamAction({ teamId: marketing, name: "Marketing", members: marketingMembers })).toMatchObject({ ok: true });
    expect((await findPerson(db(), nico.id))!.teams).toEqual([{ teamId: operations, manager: false }]);
  });

  it("cannot take someone out of another team when their cards would move into the team she manages (refused, audited); another admin can", async () => {
    const { teamMembers } = await import("@/db/queries/team-admin");
    const operations = await teamIdNamed(db(), "Operations");
    const marketing = await teamIdNamed(db(), "Marketing");
    const admin = await sessionUserFor(db(), "admin@demo.test");
    session.user = await sessionUserFor(db(), "admin2@demo.test");
    expect(await updatePersonAction({ userId: admin.id, name: admin.name, roles: ["admin", "manager"], teams: [{ teamId: marketing, manager: true }] })).toMatchObject({ ok: true });
    // Another administrator put Olga in both teams; her card belongs to Operations.
    const [row] = await db().insert(users).values({ organizationId: admin.organizationId, email: "olga@demo.test", name: "Olga Ops", passwordHash: "x" }).returning();
    const olga = row!;
    expect(await updatePersonAction({ userId: olga.id, name: olga.name, roles: ["employee"], teams: [{ teamId: operations, manager: false }, { teamId: marketing, manager: false }] })).toMatchObject({ ok: true });
    const [account] = await listProviderAccounts(db(), { organizationId: admin.organizationId });
    const card = await insertCard(db(), { organizationId: admin.organizationId, providerAccountId: account!.id, providerCardId: "remote-olga", cardModel: "prepaid", ownerUserId: olga.id, teamId: operations, alias: "Olga ops", currency: "USD", status: "active", balance: 100n });

    await asAdmin();
    const message = "This would move their cards or requests into a team you manage. Ask another administrator.";
    // Settings → People: leaving Operations would carry the card into Marketing, Ada's team.
    expect(await updatePersonAction({ userId: olga.id, name: olga.name, roles: ["employee"], teams: [{ teamId: marketing, manager: false }] })).toMatchObject({ ok: false, error: { code: "forbidden", message } });
    // Settings → Teams: taking her out of Operations, the same.
    const opsMembers = await teamMembers(db(), operations);
    expect(await updateTeamAction({ teamId: operations, name: "Operations", members: opsMembers.filter((member) => member.userId !== olga.id) })).toMatchObject({ ok: false, error: { code: "forbidden", message } });
    const denials = await db().select().from(auditLog).where(and(eq(auditLog.outcome, "denied"), eq(auditLog.actorUserId, admin.id))).orderBy(desc(auditLog.id)).limit(2);
    expect(denials.map((denial) => denial.summary)).toEqual([expect.objectContaining({ reason: "manages_team" }), expect.objectContaining({ reason: "manages_team" })]);
    expect((await findPerson(db(), olga.id))!.teams).toHaveLength(2);
    expect((await db().select().from(cards).where(eq(cards.id, card.id)))[0]!.teamId).toBe(operations);

    // Another administrator may.
    session.user = await sessionUserFor(db(), "admin2@demo.test");
    expect(await updatePersonAction({ userId: olga.id, name: olga.name, roles: ["employee"], teams: [{ teamId: marketing, manager: false }] })).toMatchObject({ ok: true });
    expect((await db().select().from(cards).where(eq(cards.id, card.id)))[0]!.teamId).toBe(marketing);
  });
});
