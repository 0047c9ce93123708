import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLabelsWithoutLookups } from "@/db/queries/audit-labels";
import { insertCard } from "@/db/queries/card-updates";
import { listTeams, listTeamsInView } from "@/db/queries/teams";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { products } from "@/db/schema/products";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { teamMemberships, teams } from "@/db/schema/teams";
import { seedDemo } from "@/db/seed";
import { describeEventText } from "@/components/audit/describe-event";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { adminSessionProvedAgo } from "@/test/admin-step-up";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { assertTeamsInOrganization } from "@/lib/users/team-access";
import { adminContextFor } from "@/lib/users/admin-context";
import { prepareIssue } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { archiveTeam } from "./archive-team";
import { teamIdNamed } from "@/test/team-named";

// The server actions are called as a browser calls them: getCurrentUser is the cookie's session, stubbed.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { createTeamAction } = await import("@/lib/actions/teams/create-team");
const { archiveTeamAction } = await import("@/lib/actions/teams/archive-team");
const { restoreTeamAction } = await import("@/lib/actions/teams/restore-team");
const { updateTeamAction } = await import("@/lib/actions/teams/update-team");
const { createPersonAction } = await import("@/lib/actions/users/create-person");
const { reassignCardAction } = await import("@/lib/actions/cards/reassign-card");

const database = withTestDatabase();
const db = () => database.db();
const HOUR = 3_600_000;
let organizationId = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  organizationId = (await db().select().from(teams).limit(1))[0]!.organizationId;
});

async function newTeam(name: string): Promise<string> {
  session.user = await adminSessionProvedAgo(db(), 0);
  const created = await createTeamAction({ name });
  if (!created.ok) throw new Error(created.error.message);
  return created.data.teamId;
}

/** A card of the team: its history, which keeps the team from being deleted. */
async function cardIn(teamId: string, status: "active" | "cancelled") {
  const [account] = await db().select({ id: providerAccounts.id }).from(providerAccounts).limit(1);
  return insertCard(db(), { organizationId, providerAccountId: account!.id, cardModel: "prepaid", ownerUserId: null, teamId, alias: `Card of ${teamId}`, currency: "USD", status, balance: 0n });
}

const archivedAt = async (teamId: string) => (await db().select({ archivedAt: teams.archivedAt }).from(teams).where(eq(teams.id, teamId)))[0]!.archivedAt;
const auditRow = async (action: string, teamId: string) => (await db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, teamId))))[0];

describe("archiving a team", () => {
  it("archives a team nobody is in whose only card is closed, without a step-up, audited; restoring puts it back in use", async () => {
    const teamId = await newTeam("Spring campaign");
    await cardIn(teamId, "cancelled");
    // Last proven an hour ago: a step-up would be asked for a change of who is in a team; this changes nobody's access.
    session.user = await adminSessionProvedAgo(db(), HOUR);
    expect(await archiveTeamAction({ teamId })).toMatchObject({ ok: true, data: { name: "Spring campaign" } });
    expect(await archivedAt(teamId)).toBeInstanceOf(Date);

    const archived = await auditRow("team.archived", teamId);
    expect(archived).toMatchObject({ outcome: "success", actorEmail: "admin@demo.test", targetType: "team", teamId, summary: { name: "Spring campaign" } });
    expect(describeEventText(archived!, auditLabelsWithoutLookups([archived!]))).toBe(
      "admin@demo.test archived the team “Spring campaign”: nobody can be put in it and no card moved into it; its history stays.",
    );

    // Out of the choices for new people and cards; still in the lists' filters, named as archived.
    expect((await listTeams(db(), { organizationId })).map((team) => team.id)).not.toContain(teamId);
    const filterChoice = (await listTeamsInView(db(), { organizationId, visibility: { all: true } as never })).find((team) => team.id === teamId);
    expect(filterChoice?.name).toBe("Spring campaign (archived)");

    expect(await archiveTeamAction({ teamId })).toMatchObject({ ok: false, error: { code: "conflict", message: "Spring campaign is already archived." } });

    // It keeps its name: a new team, or another team renamed, may not take it, and is told that restoring is the way.
    const nameClash = 'The archived team "Spring campaign" has this name. Restore it under Archived teams, or choose another name.';
    expect(await createTeamAction({ name: "spring campaign" })).toMatchObject({ ok: false, error: { code: "conflict", fields: { name: nameClash } } });
    const otherId = await newTeam("Autumn campaign");
    expect(await updateTeamAction({ teamId: otherId, name: "Spring campaign", members: [], loadedMembers: [] })).toMatchObject({ ok: false, error: { fields: { name: nameClash } } });

    expect(await restoreTeamAction({ teamId })).toMatchObject({ ok: true, data: { name: "Spring campaign" } });
    expect(await archivedAt(teamId)).toBeNull();
    expect((await listTeams(db(), { organizationId })).map((team) => team.id)).toContain(teamId);
    expect(await auditRow("team.restored", teamId)).toMatchObject({ outcome: "success", summary: { name: "Spring campaign" } });
  });

  it("refuses a team people are in, or one with a card not closed, saying what to do first", async () => {
    const marketing = await teamIdNamed(db(), "Marketing");
    session.user = await adminSessionProvedAgo(db(), 0);
    expect(await archiveTeamAction({ teamId: marketing })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringMatching(/^Marketing still has \d+ people in it\. Take everyone out first/) },
    });

    const teamId = await newTeam("Events float");
    const card = await cardIn(teamId, "active");
    expect(await archiveTeamAction({ teamId })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: "Events float still has 1 card not closed. Move its cards to another team (or close them) and let its requests finish first." },
    });
    expect(await archivedAt(teamId)).toBeNull();
    // Moved to no team, the card no longer holds it open.
    await db().update(cards).set({ teamId: null }).where(eq(cards.id, card.id));
    expect(await archiveTeamAction({ teamId })).toMatchObject({ ok: true });
  });

  it("puts nobody and no card in an archived team: a new person, a team edit, a card moved or issued to it are refused on their field", async () => {
    const teamId = await newTeam("Old branch");
    await cardIn(teamId, "cancelled");
    session.user = await adminSessionProvedAgo(db(), 0);
    expect(await archiveTeamAction({ teamId })).toMatchObject({ ok: true });
    const refusal = "Old branch is archived. Choose a team in use, or ask an administrator to restore it (Settings → Teams).";

    const person = await createPersonAction({ method: "invite", name: "Ola Late", email: "ola@demo.test", roles: ["employee"], teams: [{ teamId, manager: false }] });
    expect(person).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { teams: refusal } } });

    const employee = await sessionUserFor(db(), "employee@demo.test");
    const edit = await updateTeamAction({ teamId, name: "Old branch", members: [{ userId: employee.id, manager: false }], loadedMembers: [] });
    expect(edit).toMatchObject({ ok: false, error: { code: "conflict", message: refusal } });
    expect(await db().select().from(teamMemberships).where(eq(teamMemberships.teamId, teamId))).toEqual([]);

    const [account] = await db().select({ id: providerAccounts.id }).from(providerAccounts).limit(1);
    const open = await insertCard(db(), { organizationId, providerAccountId: account!.id, cardModel: "prepaid", ownerUserId: employee.id, teamId: employee.teamIds[0], alias: "Eli's float", currency: "USD", status: "active", balance: 0n });
    session.user = { ...(await sessionUserFor(db(), "finance@demo.test")), reauthenticatedAt: new Date() };
    const moved = await reassignCardAction({ cardId: open.id, ownerUserId: employee.id, teamId });
    expect(moved).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { teamId: refusal } } });
    expect((await db().select({ teamId: cards.teamId }).from(cards).where(eq(cards.id, open.id)))[0]!.teamId).toBe(employee.teamIds[0]);

    // Nor is a new card issued to it (checked before anything is written or sent to a provider).
    const cardopenapi = (await db().select({ id: providerAccounts.id }).from(providerAccounts).where(eq(providerAccounts.provider, "cardopenapi")))[0]!.id;
    await db().insert(products).values({ providerAccountId: cardopenapi, providerProductId: "BIN-ARCHIVE", name: "BIN", cardModels: ["prepaid"], currencies: ["USD"] });
    const issue = issueCardSchema.parse({ kind: "cardopenapi", accountId: cardopenapi, productId: "BIN-ARCHIVE", ownerUserId: employee.id, teamId, alias: "To the old branch", initialAmount: "20" });
    await expect(prepareIssue(db(), session.user, issue)).rejects.toMatchObject({ code: "invalid_input", fields: { teamId: refusal } });
  });

  it("takes turns with a person being put in the team: archiving waits for that membership, then refuses", async () => {
    const teamId = await newTeam("Night shift");
    const employee = await sessionUserFor(db(), "employee2@demo.test");
    const context = adminContextFor({ user: await adminSessionProvedAgo(db(), 0), meta: TEST_META });
    let releaseMembership!: () => void;
    const membershipHeld = new Promise<void>((resolve) => (releaseMembership = resolve));
    let membershipChecked!: () => void;
    const checked = new Promise<void>((resolve) => (membershipChecked = resolve));
    // A person's save (lib/users/update-person.ts) checks the team, then writes the membership, in one transaction.
    const save = db().transaction(async (tx) => {
      await assertTeamsInOrganization(tx, { organizationId, teamIds: [teamId] });
      membershipChecked();
      await membershipHeld;
      await tx.insert(teamMemberships).values({ teamId, userId: employee.id, isManager: false });
    });
    await checked;
    const archiving = archiveTeam(db(), context, { teamId });
    const outcome = archiving.then(
      () => "archived",
      (error: Error) => error.message,
    );
    // Archiving is waiting on the save's hold on the team's row: it has not answered.
    const early = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve("waiting"), 300))]);
    releaseMembership();
    await save;
    expect(early).toBe("waiting");
    expect(await outcome).toMatch(/^Night shift still has 1 person in it\./);
    expect(await archivedAt(teamId)).toBeNull();
  });

  it("is for administrators only", async () => {
    const teamId = await newTeam("Admins only");
    session.user = await sessionUserFor(db(), "finance@demo.test");
    expect(await archiveTeamAction({ teamId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await archivedAt(teamId)).toBeNull();
  });
});
