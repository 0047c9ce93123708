import { and, desc, eq, like, ne } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { findRequest, listRequestEvents, listRequests } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { cardRequests } from "@/db/schema/requests";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles } from "@/db/schema/users";
import { updateTeam } from "@/lib/teams/manage-teams";
import { adminContextFor } from "@/lib/users/admin-context";
import { createPerson } from "@/lib/users/create-person";
import { createPersonSchema } from "@/lib/users/schemas";
import { setPersonActive } from "@/lib/users/set-person-active";
import { updatePerson } from "@/lib/users/update-person";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { restoreSeededManager, seedOperationsDemo } from "@/test/operations-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { inboxScopeOf } from "./inbox-scope";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operationsId = "";

beforeAll(async () => {
  ({ accountId, operationsId } = await seedOperationsDemo(db()));
});

// Each test routes its own requests alone (the policy adds up a person's recent top-ups otherwise).
beforeEach(() => outsidePolicyWindow(db()));

// Every test starts from the demo's people as seeded: all active, Omar the only manager of Operations.
afterEach(async () => {
  await restoreSeededManager(db(), operationsId);
  const manager = await as("manager");
  // Whoever else a test named a manager of Operations (Mia, a newly created manager) leaves it again.
  await db().delete(teamMemberships).where(and(eq(teamMemberships.teamId, operationsId), eq(teamMemberships.isManager, true), ne(teamMemberships.userId, manager.id)));
});

const as = (who: string) => sessionUserFor(db(), who.includes("@") ? who : `${who}@demo.test`);
const admin = async () => adminContextFor({ user: await as("admin"), meta: TEST_META });

async function topUp(who: string): Promise<string> {
  const user = await as(who);
  const cardId = await activeCardOf(db(), { user, providerAccountId: accountId });
  return (await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "Trade fair in Berlin" }))).requestId;
}

const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

/** Omar leaves Operations without a manager; Fiona takes the manager's step of a new top-up in his place. */
async function standInRequest(): Promise<string> {
  const requestId = await topUp("employee");
  await setPersonActive(db(), await admin(), { userId: (await as("manager")).id, active: false });
  expect(await approve("finance", requestId)).toEqual({ status: "pending" });
  expect(await findRequest(db(), requestId)).toMatchObject({ currentStep: 1, awaiting: "finance" });
  return requestId;
}

/** Mia Marketing named a manager of Operations on Settings → Teams. */
async function nameMiaManager(): Promise<void> {
  const members = await teamMembers(db(), operationsId);
  await updateTeam(db(), await admin(), { teamId: operationsId, name: "Operations", members: [...members, { userId: (await as("manager2")).id, manager: true }], loadedMembers: members });
}

const withdrawnNotices = async (who: string, requestId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, (await as(who)).id), eq(notifications.kind, "request.withdrawn"), like(notifications.href, `%${requestId}%`)));

/** Withdrawn, saying why on its timeline and in its audit row, and its requester told to file it again. */
async function expectWithdrawnFor(requestId: string, manager: RegExp) {
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled", awaiting: null });
  const last = (await listRequestEvents(db(), requestId)).at(-1)!;
  expect(last).toMatchObject({ type: "cancelled", actorUserId: (await as("admin")).id });
  expect(last.comment).toMatch(manager);
  expect(last.comment).toMatch(/the approval Fiona Finance gave for finance in place of a manager the team did not have no longer counts\. File it again\./);
  const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId))).orderBy(desc(auditLog.id)).limit(1);
  expect(audit).toMatchObject({ outcome: "success", summary: { reason: "stand_in_lapsed", wasStatus: "pending" } });
  const [notice] = await withdrawnNotices("employee", requestId);
  expect(notice).toMatchObject({ title: "Your request was withdrawn" });
  expect(notice!.body).toMatch(manager);
  expect(notice!.body).toMatch(/File it again for .* to approve\.$/);
}

describe("finance stood in for a missing manager, then the team has a manager again", () => {
  it("Settings → Teams naming a manager withdraws the request; one waiting for its first approval stays and reaches the new manager", async () => {
    const standIn = await standInRequest();
    // Filed while Operations had no manager too, but nobody took its first step yet.
    const untouched = await topUp("employee");
    await nameMiaManager();

    await expectWithdrawnFor(standIn, /Mia Marketing now manages Operations/);
    expect(await findRequest(db(), untouched)).toMatchObject({ status: "pending", currentStep: 0, awaiting: "team_manager" });
    const mia = await as("manager2");
    const inbox = await listRequests(db(), { organizationId: mia.organizationId, scope: inboxScopeOf(mia), filters: {}, limit: 100 });
    expect(inbox.rows.map((row) => row.id)).toContain(untouched);
    expect(inbox.rows.map((row) => row.id)).not.toContain(standIn);
    const [team] = await db().select().from(auditLog).where(and(eq(auditLog.action, "team.members_changed"), eq(auditLog.targetId, operationsId))).orderBy(desc(auditLog.id)).limit(1);
    expect(team!.summary).toMatchObject({ withdrawnStandIns: [standIn] });
  });

  it("Settings → People giving the manager role back withdraws it", async () => {
    const requestId = await topUp("employee");
    const omar = await as("manager");
    const person = (await findPerson(db(), omar.id))!;
    await updatePerson(db(), await admin(), { userId: omar.id, name: person.name, roles: ["employee"], teams: person.teams.map((team) => ({ ...team, manager: false })) });
    await approve("finance", requestId);
    await updatePerson(db(), await admin(), { userId: omar.id, name: person.name, roles: ["manager"], teams: person.teams });
    await expectWithdrawnFor(requestId, /Omar Operations now manages Operations/);
  });

  it("reactivating the manager withdraws it, also once fully approved and not yet carried out", async () => {
    const requestId = await standInRequest();
    expect(await approve("finance2", requestId)).toEqual({ status: "approved" });
    await setPersonActive(db(), await admin(), { userId: (await as("manager")).id, active: true });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect(await withdrawnNotices("employee", requestId)).toHaveLength(1);
  });

  it("creating a new manager straight into the team withdraws it", async () => {
    const requestId = await standInRequest();
    const input = createPersonSchema.parse({ method: "invite", name: "Nora New", email: "nora@demo.test", roles: ["manager"], teams: [{ teamId: operationsId, manager: true }] });
    await createPerson(db(), await admin(), input);
    await expectWithdrawnFor(requestId, /Nora New now manages Operations/);
  });

  it("leaves alone a request already being carried out, and one whose team still has no manager who may approve it", async () => {
    const executing = await standInRequest();
    await db().update(cardRequests).set({ status: "executing", awaiting: null }).where(eq(cardRequests.id, executing));
    // Eli is made a manager of Operations: he cannot approve his own requests, so finance still stands in for them.
    const own = await standInRequest();
    const eli = await as("employee");
    await db().insert(userRoles).values({ userId: eli.id, role: "manager" });
    try {
      const members = await teamMembers(db(), operationsId);
      await updateTeam(db(), await admin(), { teamId: operationsId, name: "Operations", members: members.map((member) => (member.userId === eli.id ? { ...member, manager: true } : member)) });
      expect(await findRequest(db(), own)).toMatchObject({ status: "pending", currentStep: 1 });
      await nameMiaManager();
      expect(await findRequest(db(), executing)).toMatchObject({ status: "executing" });
      expect(await findRequest(db(), own)).toMatchObject({ status: "cancelled" });
    } finally {
      await db().delete(userRoles).where(and(eq(userRoles.userId, eli.id), eq(userRoles.role, "manager")));
      await db().update(teamMemberships).set({ isManager: false }).where(eq(teamMemberships.userId, eli.id));
    }
  });
});
