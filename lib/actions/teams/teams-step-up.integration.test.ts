import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import { teams } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { adminSessionProvedAgo, lastAdminDenial } from "@/test/admin-step-up";
import { teamIdNamed } from "@/test/team-named";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { createTeamAction } = await import("@/lib/actions/teams/create-team");
const { updateTeamAction } = await import("@/lib/actions/teams/update-team");

const database = withTestDatabase();
const db = () => database.db();
const HOUR = 3_600_000;
let marketing = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  marketing = await teamIdNamed(db(), "Marketing");
});

const adminSession = (ageMs: number) => adminSessionProvedAgo(db(), ageMs);

let people = 0;
/** Someone in the demo organisation and in no team yet. */
async function newcomer(role: "employee" | "manager"): Promise<string> {
  people += 1;
  const organizationId = (await sessionUserFor(db(), "admin@demo.test")).organizationId;
  const [person] = await db().insert(users).values({ organizationId, email: `newcomer${people}@demo.test`, name: `Nico Newcomer ${people}`, passwordHash: "x" }).returning();
  await db().insert(userRoles).values({ userId: person!.id, role });
  return person!.id;
}

const lastDenial = () => lastAdminDenial(db());

async function membershipChangesOf(teamId: string): Promise<number> {
  const [row] = await db()
    .select({ rows: count() })
    .from(auditLog)
    .where(and(eq(auditLog.action, "team.members_changed"), eq(auditLog.targetId, teamId)));
  return row!.rows;
}

/** The Marketing form as an administrator saves it: opened on the team's members as they are now, set to `members`. */
async function marketingSaved(members: (loaded: { userId: string; manager: boolean }[]) => { userId: string; manager: boolean }[]) {
  const loaded = await teamMembers(db(), marketing);
  return updateTeamAction({ teamId: marketing, name: "Marketing", members: members(loaded), loadedMembers: loaded });
}

const STEP_UP_REFUSED = { ok: false, error: { code: "step_up_required" } };
const refusalOnTeam = (teamId: string) => ({
  action: "permission.denied",
  outcome: "denied",
  targetType: "team",
  targetId: teamId,
  summary: { permission: "admin.manage", reason: "step_up_required" },
});

describe("an admin session that has proved nothing for an hour cannot change who is in a team or who manages it", () => {
  it("adding a member: refused step_up_required and audited on the team, the team unchanged; with a fresh step-up it goes through", async () => {
    const nico = await newcomer("employee");
    const before = await teamMembers(db(), marketing);
    const changesBefore = await membershipChangesOf(marketing);
    session.user = await adminSession(HOUR);
    expect(await marketingSaved((loaded) => [...loaded, { userId: nico, manager: false }])).toMatchObject(STEP_UP_REFUSED);
    expect(await teamMembers(db(), marketing)).toEqual(before);
    expect(await membershipChangesOf(marketing)).toBe(changesBefore);
    expect(await lastDenial()).toMatchObject(refusalOnTeam(marketing));

    session.user = await adminSession(0);
    expect(await marketingSaved((loaded) => [...loaded, { userId: nico, manager: false }])).toEqual({ ok: true, data: null });
    expect(await teamMembers(db(), marketing)).toContainEqual({ userId: nico, manager: false });
  });

  it("making a member the team's manager, and a manager a plain member again: each refused step_up_required and audited", async () => {
    const mara = await newcomer("manager");
    session.user = await adminSession(0);
    expect(await marketingSaved((loaded) => [...loaded, { userId: mara, manager: false }])).toMatchObject({ ok: true });
    const asManager = (loaded: { userId: string; manager: boolean }[]) => loaded.map((member) => (member.userId === mara ? { userId: mara, manager: true } : member));

    session.user = await adminSession(HOUR);
    expect(await marketingSaved(asManager)).toMatchObject(STEP_UP_REFUSED);
    expect(await teamMembers(db(), marketing)).toContainEqual({ userId: mara, manager: false });
    expect(await lastDenial()).toMatchObject(refusalOnTeam(marketing));

    session.user = await adminSession(0);
    expect(await marketingSaved(asManager)).toEqual({ ok: true, data: null });
    expect(await teamMembers(db(), marketing)).toContainEqual({ userId: mara, manager: true });

    // Taking the management away changes who approves the team's requests too.
    const asMember = (loaded: { userId: string; manager: boolean }[]) => loaded.map((member) => (member.userId === mara ? { userId: mara, manager: false } : member));
    session.user = await adminSession(HOUR);
    expect(await marketingSaved(asMember)).toMatchObject(STEP_UP_REFUSED);
    expect(await teamMembers(db(), marketing)).toContainEqual({ userId: mara, manager: true });
    session.user = await adminSession(0);
    expect(await marketingSaved(asMember)).toEqual({ ok: true, data: null });
    expect(await teamMembers(db(), marketing)).toContainEqual({ userId: mara, manager: false });
  });

  it("removing a member: refused step_up_required and audited, they stay in the team; with a fresh step-up they leave", async () => {
    const nina = await newcomer("employee");
    session.user = await adminSession(0);
    expect(await marketingSaved((loaded) => [...loaded, { userId: nina, manager: false }])).toMatchObject({ ok: true });
    const withoutNina = (loaded: { userId: string; manager: boolean }[]) => loaded.filter((member) => member.userId !== nina);

    session.user = await adminSession(HOUR);
    expect(await marketingSaved(withoutNina)).toMatchObject(STEP_UP_REFUSED);
    expect(await teamMembers(db(), marketing)).toContainEqual({ userId: nina, manager: false });
    expect(await lastDenial()).toMatchObject(refusalOnTeam(marketing));

    session.user = await adminSession(0);
    expect(await marketingSaved(withoutNina)).toEqual({ ok: true, data: null });
    expect((await teamMembers(db(), marketing)).map((member) => member.userId)).not.toContain(nina);
  });

  it("a save without the members the form opened with cannot show it changes nobody: asked, even with the team's own list", async () => {
    const members = await teamMembers(db(), marketing);
    session.user = await adminSession(HOUR);
    expect(await updateTeamAction({ teamId: marketing, name: "Marketing", members })).toMatchObject(STEP_UP_REFUSED);
    expect(await lastDenial()).toMatchObject(refusalOnTeam(marketing));
  });

  it("a rename alone, with the members as the form opened them (in any order), and creating an empty team are not asked", async () => {
    session.user = await adminSession(HOUR);
    const loaded = await teamMembers(db(), marketing);
    expect(await updateTeamAction({ teamId: marketing, name: "Marketing & Brand", members: [...loaded].reverse(), loadedMembers: loaded })).toEqual({ ok: true, data: null });
    expect((await db().select({ name: teams.name }).from(teams).where(eq(teams.id, marketing)))[0]!.name).toBe("Marketing & Brand");
    expect(await teamMembers(db(), marketing)).toEqual(loaded);
    expect(await updateTeamAction({ teamId: marketing, name: "Marketing", members: loaded, loadedMembers: loaded })).toEqual({ ok: true, data: null });

    const created = await createTeamAction({ name: "Field Sales" });
    expect(created).toMatchObject({ ok: true, data: { teamId: expect.any(String) } });
  });

  it("a loaded list that is not what the team holds cannot pass a change off as a rename: refused as a conflict, nothing changes", async () => {
    const nora = await newcomer("employee");
    const before = await teamMembers(db(), marketing);
    session.user = await adminSession(HOUR);
    // The change claimed as already there: members and loadedMembers agree, the team does not.
    const claimed = [...before, { userId: nora, manager: false }];
    expect(await updateTeamAction({ teamId: marketing, name: "Marketing", members: claimed, loadedMembers: claimed })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await teamMembers(db(), marketing)).toEqual(before);
  });
});
