import { and, eq, like } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { countWaitingFor, findRequest, listRequestEvents, listRequests } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { notifications } from "@/db/schema/notifications";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles } from "@/db/schema/users";
import { updateTeam } from "@/lib/teams/manage-teams";
import { MANAGER_ROLE_NEEDED } from "@/lib/teams/manager-role";
import { adminContextFor } from "@/lib/users/admin-context";
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
import { whyApprovalsLapsed } from "./policy";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operationsId = "";

beforeAll(async () => {
  ({ accountId, operationsId } = await seedOperationsDemo(db()));
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const admin = async () => adminContextFor({ user: await as("admin"), meta: TEST_META });

/** Marked a manager of Operations straight in the table, as an admin could before the screens refused it. */
async function markedManagerOfOperations(who: string): Promise<void> {
  const person = await as(who);
  await db()
    .insert(teamMemberships)
    .values({ teamId: operationsId, userId: person.id, isManager: true })
    .onConflictDoUpdate({ target: [teamMemberships.teamId, teamMemberships.userId], set: { isManager: true } });
}

// Every test starts from the demo as seeded: all active, Omar (manager role) Operations' only manager, nobody else in it.
afterEach(async () => {
  await restoreSeededManager(db(), operationsId);
  for (const who of ["finance", "employee2"]) {
    await db().delete(teamMemberships).where(and(eq(teamMemberships.teamId, operationsId), eq(teamMemberships.userId, (await as(who)).id)));
  }
});

async function topUp(who: string, amount: string): Promise<string> {
  const user = await as(who);
  const cardId = await activeCardOf(db(), { user, providerAccountId: accountId });
  return (await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Taxis this week" }))).requestId;
}

const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

async function inbox(who: string): Promise<string[]> {
  const user = await as(who);
  const page = await listRequests(db(), { organizationId: user.organizationId, scope: inboxScopeOf(user), filters: {}, limit: 100 });
  return page.rows.map((row) => row.id);
}

const waitingCount = async (who: string) => {
  const user = await as(who);
  return countWaitingFor(db(), { organizationId: user.organizationId, scope: inboxScopeOf(user) });
};

const needsYou = async (who: string, requestId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.recipientUserId, (await as(who)).id), eq(notifications.kind, "request.needs_you"), like(notifications.href, `%${requestId}%`)));

describe("marked a team's manager without the manager role: no manager authority", () => {
  it("a finance member so marked cannot take the manager's step while the team has a manager, and it is not in their inbox", async () => {
    await markedManagerOfOperations("finance");
    const requestId = await topUp("employee", "25");
    expect((await findRequest(db(), requestId))!.steps).toEqual(["team_manager"]);

    await expect(approve("finance", requestId)).rejects.toMatchObject({ code: "forbidden", message: "This step waits for a manager of the requester's team." });
    expect(await inbox("finance")).not.toContain(requestId);
    expect(await needsYou("finance", requestId)).toHaveLength(0);
    // Omar, who holds the role, is the one asked, and his approval carries the request.
    expect(await needsYou("manager", requestId)).toHaveLength(1);
    expect(await approve("manager", requestId)).toEqual({ status: "approved" });
    expect((await as("finance")).managedTeamIds).toEqual([]);
  });

  it("without a manager who holds the role, that finance member stands in for finance, and a second finance member follows", async () => {
    await markedManagerOfOperations("finance");
    const requestId = await topUp("employee", "25");
    await setPersonActive(db(), await admin(), { userId: (await as("manager")).id, active: false });

    expect(await approve("finance", requestId)).toEqual({ status: "pending" });
    expect(await findRequest(db(), requestId)).toMatchObject({ steps: ["team_manager", "finance"], currentStep: 1, awaiting: "finance" });
    expect((await listRequestEvents(db(), requestId)).at(-1)).toMatchObject({ type: "approved", actedAs: "finance" });
    expect(await approve("finance2", requestId)).toEqual({ status: "approved" });
    // Execution holds it to what it was: finance's approval, which still counts.
    expect(await whyApprovalsLapsed(db(), (await findRequest(db(), requestId))!)).toBeNull();
  });

  it("an employee so marked does not see the team's requests in Waiting for you", async () => {
    await markedManagerOfOperations("employee2");
    const requestId = await topUp("employee", "25");
    expect(await inbox("employee2")).not.toContain(requestId);
    expect(await waitingCount("employee2")).toBe(0);
  });

  it("someone whose manager role was taken away stops counting as the team's manager: finance takes the step", async () => {
    const omar = await as("manager");
    await db().delete(userRoles).where(and(eq(userRoles.userId, omar.id), eq(userRoles.role, "manager")));
    const requestId = await topUp("employee", "25");
    expect(await inbox("manager")).not.toContain(requestId);
    expect(await inbox("finance")).toContain(requestId);
    expect(await needsYou("finance", requestId)).toHaveLength(1);
  });

  it("a finance member so marked files a large request of their own through the team's manager, not as a manager's", async () => {
    await markedManagerOfOperations("finance");
    const requestId = await topUp("finance", "1500");
    expect((await findRequest(db(), requestId))!.steps).toEqual(["team_manager", "finance"]);
  });
});

describe("Settings refuse to name a manager without the manager role, on the field", () => {
  it("Settings → Teams", async () => {
    const fiona = await as("finance");
    const members = await teamMembers(db(), operationsId);
    const marked = [...members, { userId: fiona.id, manager: true }];
    await expect(updateTeam(db(), await admin(), { teamId: operationsId, name: "Operations", members: marked, loadedMembers: members })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { members: expect.stringMatching(/^Fiona Finance does not hold the manager role/) },
    });
    expect(await teamMembers(db(), operationsId)).toEqual(members);
    // As a member, she may join.
    await updateTeam(db(), await admin(), { teamId: operationsId, name: "Operations", members: [...members, { userId: fiona.id, manager: false }], loadedMembers: members });
    expect((await findPerson(db(), fiona.id))!.teams).toContainEqual({ teamId: operationsId, manager: false });
  });

  it("Settings → People, when naming a manager and when taking the role away but not the teams", async () => {
    const emma = (await findPerson(db(), (await as("employee2")).id))!;
    const naming = { userId: emma.id, name: emma.name, roles: emma.roles, teams: [...emma.teams, { teamId: operationsId, manager: true }] };
    await expect(updatePerson(db(), await admin(), naming)).rejects.toMatchObject({ code: "invalid_input", fields: { teams: MANAGER_ROLE_NEEDED } });
    expect(createPersonSchema.safeParse({ method: "invite", name: "Nina", email: "nina@demo.test", roles: ["finance"], teams: [{ teamId: operationsId, manager: true }] }).success).toBe(false);
    expect((await findPerson(db(), emma.id))!.teams).toEqual(emma.teams);

    const omar = (await findPerson(db(), (await as("manager")).id))!;
    await expect(updatePerson(db(), await admin(), { userId: omar.id, name: omar.name, roles: ["employee"], teams: omar.teams })).rejects.toMatchObject({ code: "invalid_input", fields: { teams: MANAGER_ROLE_NEEDED } });
    expect((await findPerson(db(), omar.id))!.roles).toEqual(["manager"]);
  });

  it("taking the role away with the teams hands the team's waiting requests to finance", async () => {
    const requestId = await topUp("employee", "25");
    const omar = (await findPerson(db(), (await as("manager")).id))!;
    await updatePerson(db(), await admin(), { userId: omar.id, name: omar.name, roles: ["employee"], teams: omar.teams.map((team) => ({ ...team, manager: false })) });
    expect(await inbox("finance")).toContain(requestId);
    expect(await needsYou("finance", requestId)).toHaveLength(1);
    expect(await inbox("manager")).not.toContain(requestId);
    await db().update(teamMemberships).set({ isManager: true }).where(and(eq(teamMemberships.userId, omar.id), eq(teamMemberships.teamId, operationsId)));
    await db().delete(userRoles).where(and(eq(userRoles.userId, omar.id), eq(userRoles.role, "employee")));
  });
});
