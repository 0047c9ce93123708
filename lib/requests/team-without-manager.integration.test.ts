import { and, eq, like } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { statusText } from "@/components/requests/labels";
import { RequestTimeline } from "@/components/requests/request-timeline";
import { findPerson } from "@/db/queries/people";
import { countWaitingFor, findRequest, listRequestEvents, listRequests } from "@/db/queries/requests";
import { teamMembers } from "@/db/queries/team-admin";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import { updateTeam } from "@/lib/teams/manage-teams";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { updatePerson } from "@/lib/users/update-person";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { restoreSeededManager, seedOperationsDemo } from "@/test/operations-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest, rejectRequest } from "./decide-request";
import { inboxScopeOf } from "./inbox-scope";
import { whyCannotTakeStep } from "./policy";
import { approveRequestSchema, createRequestSchema, rejectRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let operationsId = "";

beforeAll(async () => {
  ({ accountId, operationsId } = await seedOperationsDemo(db()));
  // Fiona Finance belongs to Operations too (not as its manager), so she can file requests of her own there.
  await db()
    .insert(teamMemberships)
    .values({ teamId: operationsId, userId: (await as("finance")).id, isManager: false });
});

// Each test routes its own requests alone (the policy adds up a person's recent top-ups otherwise).
beforeEach(() => outsidePolicyWindow(db()));

// Every test starts from the demo's people as seeded: all active, Omar managing Operations.
afterEach(() => restoreSeededManager(db(), operationsId));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const admin = async () => adminContextFor({ user: await as("admin"), meta: TEST_META });

async function topUp(who: string, amount: string): Promise<string> {
  const user = await as(who);
  const cardId = await activeCardOf(db(), { user, providerAccountId: accountId });
  return (
    await createRequest(
      db(),
      user,
      TEST_META,
      createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Trade fair in Berlin" }),
    )
  ).requestId;
}

/** Approves the step the approver sees now, as the request page does. */
const approve = async (who: string, requestId: string, comment = "") =>
  approveRequest(
    db(),
    await as(who),
    TEST_META,
    approveRequestSchema.parse({
      requestId,
      step: (await findRequest(db(), requestId))!.currentStep,
      comment,
    }),
  );

/** Omar Operations, Operations' only manager, leaves through Settings → People. */
const lastManagerLeaves = async () =>
  setPersonActive(db(), await admin(), { userId: (await as("manager")).id, active: false });

const needsYou = async (who: string, requestId: string) =>
  db()
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientUserId, (await as(who)).id),
        eq(notifications.kind, "request.needs_you"),
        like(notifications.href, `%${requestId}%`),
      ),
    );

const auditOf = async (action: "request.approved" | "request.rejected", requestId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, requestId)));

async function inbox(who: string): Promise<string[]> {
  const user = await as(who);
  const page = await listRequests(db(), {
    organizationId: user.organizationId,
    scope: inboxScopeOf(user),
    filters: {},
    limit: 100,
  });
  return page.rows.map((row) => row.id);
}

/** The request as the person's own "My requests" list shows it. */
async function asListedFor(who: string, requestId: string) {
  const user = await as(who);
  const page = await listRequests(db(), { organizationId: user.organizationId, scope: { kind: "mine", userId: user.id }, filters: {}, limit: 100 });
  return page.rows.find((row) => row.id === requestId);
}

/** What the request page shows finance: may they decide this step (the server's own rule)? */
const mayDecide = async (who: string, requestId: string) =>
  (await whyCannotTakeStep(db(), await as(who), (await findRequest(db(), requestId))!)) === null;

describe("a team whose last manager left: finance takes the manager's step", () => {
  it("lets finance approve the manager's step, and the timeline and the audit row say why", async () => {
    const requestId = await topUp("employee", "20");
    expect((await findRequest(db(), requestId))?.steps).toEqual(["team_manager"]);
    await lastManagerLeaves();

    expect(await mayDecide("finance", requestId)).toBe(true);
    expect(await inbox("finance")).toContain(requestId);
    // Every list says whom it waits for: finance, as the team has no manager.
    const listed = await asListedFor("employee", requestId);
    expect(listed?.financeStandsIn).toBe(true);
    expect(statusText(listed!.status, listed!.awaiting, listed!.financeStandsIn)).toBe(
      "Waiting for finance (no manager)",
    );
    expect(await approve("finance", requestId, "Omar left; checked with the team")).toEqual({
      status: "pending",
    });
    // Finance standing in never carries a request alone: a second, different finance member approves next.
    expect(await findRequest(db(), requestId)).toMatchObject({ steps: ["team_manager", "finance"], currentStep: 1, awaiting: "finance" });
    await expect(approve("finance", requestId)).rejects.toMatchObject({ code: "forbidden" });

    const fiona = await as("finance");
    const events = await listRequestEvents(db(), requestId);
    expect(events.map((event) => event.type)).toEqual(["created", "approved"]);
    expect(events[1]).toMatchObject({
      actorUserId: fiona.id,
      step: 0,
      comment: "Omar left; checked with the team",
      changes: null,
      actedAs: "finance",
    });
    const timeline = renderToStaticMarkup(
      createElement(RequestTimeline, { events, steps: ["team_manager"], currency: "USD" }),
    )
      .replace(/<[^>]+>/g, " ")
      .replaceAll("&#x27;", "'");
    expect(timeline).toContain(
      "Taken by finance in place of the team's manager: the team had no manager who could approve it.",
    );
    expect(timeline).not.toContain("Lowered");
    const [audit] = await auditOf("request.approved", requestId);
    expect(audit).toMatchObject({
      actorUserId: fiona.id,
      summary: {
        step: 1,
        of: 2,
        role: "team_manager",
        takenBy: "finance",
        reason: "team_without_manager",
        addedStep: "finance",
        final: false,
      },
    });
    expect(await approve("finance2", requestId)).toEqual({ status: "approved" });
  });

  it("lets finance reject it too, saying so", async () => {
    const requestId = await topUp("employee", "25");
    await lastManagerLeaves();

    await rejectRequest(
      db(),
      await as("finance"),
      TEST_META,
      rejectRequestSchema.parse({ requestId, step: 0, comment: "Not this quarter" }),
    );

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "rejected" });
    const [, rejected] = await listRequestEvents(db(), requestId);
    expect(rejected).toMatchObject({
      type: "rejected",
      actedAs: "finance",
    });
    const [audit] = await auditOf("request.rejected", requestId);
    expect(audit?.summary).toMatchObject({
      role: "team_manager",
      takenBy: "finance",
      reason: "team_without_manager",
    });
  });

  it("also when the team never had a manager, or its manager lost the role: the request is filed and waits for finance", async () => {
    await db()
      .delete(userRoles)
      .where(and(eq(userRoles.userId, (await as("manager")).id), eq(userRoles.role, "manager")));
    const requestId = await topUp("employee", "30");
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", awaiting: "team_manager" });
    expect(await mayDecide("finance2", requestId)).toBe(true);
    expect(await approve("finance2", requestId)).toEqual({ status: "pending" });
    expect(await approve("finance", requestId)).toEqual({ status: "approved" });
  });

  it("refuses finance while the team has an active manager, and leaves it out of finance's inbox", async () => {
    const requestId = await topUp("employee", "20");

    expect(await mayDecide("finance", requestId)).toBe(false);
    expect(await inbox("finance")).not.toContain(requestId);
    const listed = await asListedFor("employee", requestId);
    expect(listed?.financeStandsIn).toBe(false);
    await expect(approve("finance", requestId)).rejects.toMatchObject({
      code: "forbidden",
      message: "This step waits for a manager of the requester's team.",
    });
    await expect(
      rejectRequest(
        db(),
        await as("finance"),
        TEST_META,
        rejectRequestSchema.parse({ requestId, step: 0, comment: "Not this quarter" }),
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0 });
    expect(await approve("manager", requestId)).toEqual({ status: "approved" });
    const [audit] = await auditOf("request.approved", requestId);
    expect(audit?.summary).not.toHaveProperty("takenBy");
  });

  it("also when the team's only manager is the person the request is for: finance's inbox, its count and the page agree", async () => {
    const requestId = await topUp("employee", "20");
    const employee = await as("employee");
    const manager = await as("manager");
    // Omar hands Operations over to Eli, who filed the request and so may not approve it.
    await db().insert(userRoles).values({ userId: employee.id, role: "manager" }).onConflictDoNothing();
    await db()
      .update(teamMemberships)
      .set({ isManager: true })
      .where(and(eq(teamMemberships.teamId, operationsId), eq(teamMemberships.userId, employee.id)));
    await db()
      .update(teamMemberships)
      .set({ isManager: false })
      .where(and(eq(teamMemberships.teamId, operationsId), eq(teamMemberships.userId, manager.id)));
    try {
      expect(await mayDecide("finance", requestId)).toBe(true);
      expect(await inbox("finance")).toContain(requestId);
      expect(await inbox("employee")).not.toContain(requestId);
      const fiona = await as("finance");
      const counted = await countWaitingFor(db(), {
        organizationId: fiona.organizationId,
        scope: inboxScopeOf(fiona),
      });
      expect(counted).toBeGreaterThanOrEqual((await inbox("finance")).length);
      expect(await approve("finance", requestId)).toEqual({ status: "pending" });
      expect(await approve("finance2", requestId)).toEqual({ status: "approved" });
    } finally {
      await db()
        .update(teamMemberships)
        .set({ isManager: false })
        .where(and(eq(teamMemberships.teamId, operationsId), eq(teamMemberships.userId, employee.id)));
      await db()
        .delete(userRoles)
        .where(and(eq(userRoles.userId, employee.id), eq(userRoles.role, "manager")));
    }
  });

  it("never lets a finance member take it for their own request; another finance member may", async () => {
    // At or above the threshold a finance member's own request goes to the team's manager, then to another finance member.
    const requestId = await topUp("finance", "5000");
    expect((await findRequest(db(), requestId))?.steps).toEqual(["team_manager", "finance"]);
    await lastManagerLeaves();

    expect(await mayDecide("finance", requestId)).toBe(false);
    expect(await inbox("finance")).not.toContain(requestId);
    await expect(approve("finance", requestId)).rejects.toMatchObject({
      code: "forbidden",
      message: "Nobody approves their own request.",
    });
    expect(await inbox("finance2")).toContain(requestId);
    expect(await approve("finance2", requestId)).toEqual({ status: "pending" });
    // The finance step after it: neither the requester nor the one who took the manager's step.
    await expect(approve("finance2", requestId)).rejects.toMatchObject({
      code: "forbidden",
      message: /approved the previous step/,
    });
    await expect(approve("finance", requestId)).rejects.toMatchObject({
      code: "forbidden",
      message: "Nobody approves their own request.",
    });
  });

  it("never lets one finance member take both the manager's step and the finance step; a second one must", async () => {
    const requestId = await topUp("employee", "5000");
    expect((await findRequest(db(), requestId))?.steps).toEqual(["team_manager", "finance"]);
    await lastManagerLeaves();

    expect(await approve("finance", requestId)).toEqual({ status: "pending" });
    expect(await mayDecide("finance", requestId)).toBe(false);
    expect(await inbox("finance")).not.toContain(requestId);
    await expect(approve("finance", requestId)).rejects.toMatchObject({
      code: "forbidden",
      message: /You approved the previous step; a different person must approve this one/,
    });
    // Fiona's approval of the manager's step counts as finance's (she holds the finance role), so Felix can finish it.
    expect(await approve("finance2", requestId)).toEqual({ status: "approved" });
    const events = await listRequestEvents(db(), requestId);
    expect(events.map((event) => [event.type, event.actorUserId])).toEqual([
      ["created", (await as("employee")).id],
      ["approved", (await as("finance")).id],
      ["approved", (await as("finance2")).id],
    ]);
    expect(events[2]?.changes).toBeNull();
  });

  it("holds an approval finance gave in the manager's place to the finance role: once she loses it, it no longer counts", async () => {
    const requestId = await topUp("employee", "5000");
    await lastManagerLeaves();
    await approve("finance", requestId);
    await db()
      .delete(userRoles)
      .where(and(eq(userRoles.userId, (await as("finance")).id), eq(userRoles.role, "finance")));
    try {
      await expect(approve("finance2", requestId)).rejects.toMatchObject({
        code: "conflict",
        message: /Fiona Finance, who approved step 1 for finance, no longer holds the finance role/,
      });
    } finally {
      await db()
        .insert(userRoles)
        .values({ userId: (await as("finance")).id, role: "finance" })
        .onConflictDoNothing();
    }
  });
});

describe("nobody makes themselves a request's only approver by emptying its team of managers", () => {
  const setOmarManaging = async (managing: boolean) =>
    db()
      .update(teamMemberships)
      .set({ isManager: managing })
      .where(and(eq(teamMemberships.teamId, operationsId), eq(teamMemberships.userId, (await as("manager")).id)));

  it("a finance member who took the manager's step away (as an admin could) still needs a second finance member, and loses the step once a manager is back", async () => {
    const requestId = await topUp("employee", "50");
    await setOmarManaging(false);
    try {
      expect(await approve("finance", requestId)).toEqual({ status: "pending" });
      expect(await findRequest(db(), requestId)).toMatchObject({ awaiting: "finance", steps: ["team_manager", "finance"] });
      // Omar manages Operations again before the second approval: the stand-in no longer counts.
      await setOmarManaging(true);
      await expect(approve("finance2", requestId)).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringMatching(/approved step 1 for finance because the team had no manager; Omar .* manages it now, so that approval no longer counts/),
      });
      expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 1 });
    } finally {
      await setOmarManaging(true);
    }
  });

  it("refuses to file a request finance would have to take with fewer than two finance members other than the requester", async () => {
    await lastManagerLeaves();
    const felix = await as("finance2");
    await db().update(users).set({ active: false }).where(eq(users.id, felix.id));
    await expect(topUp("employee", "20")).rejects.toMatchObject({
      message: expect.stringMatching(/finance takes the step only with two different finance members/),
    });
  });
});

describe("finance is told when a manager's step has nobody but them", () => {
  it("when a request is filed in a team without a manager", async () => {
    await lastManagerLeaves();
    const requestId = await topUp("employee", "20");

    const [notice] = await needsYou("finance", requestId);
    expect(notice).toMatchObject({
      title: "A request needs your approval",
      body: expect.stringMatching(/Its team has no manager who could approve it, so it waits for finance\./),
    });
    expect(await needsYou("finance2", requestId)).toHaveLength(1);
    expect(await needsYou("manager", requestId)).toHaveLength(0);
    const fiona = await as("finance");
    expect(
      await countWaitingFor(db(), {
        organizationId: fiona.organizationId,
        scope: inboxScopeOf(fiona),
      }),
    ).toBeGreaterThan(0);
  });

  it("when the last manager is deactivated with requests waiting for them, once each", async () => {
    const requestId = await topUp("employee", "20");
    expect(await needsYou("manager", requestId)).toHaveLength(1);
    expect(await needsYou("finance", requestId)).toHaveLength(0);

    await lastManagerLeaves();

    expect(await needsYou("finance", requestId)).toHaveLength(1);
    expect(await needsYou("finance2", requestId)).toHaveLength(1);
    // Told once: telling again (another change to the team) adds nothing.
    await db()
      .update(users)
      .set({ active: true })
      .where(eq(users.id, (await as("manager")).id));
    await lastManagerLeaves();
    expect(await needsYou("finance", requestId)).toHaveLength(1);
  });

  it("when the last manager is taken off the team in Settings → Teams", async () => {
    const requestId = await topUp("employee", "20");
    const members = await teamMembers(db(), operationsId);
    const managerId = (await as("manager")).id;
    await updateTeam(db(), await admin(), {
      teamId: operationsId,
      name: "Operations",
      members: members.map((member) =>
        member.userId === managerId ? { ...member, manager: false } : member,
      ),
    });

    expect(await needsYou("finance", requestId)).toHaveLength(1);
    expect(await mayDecide("finance", requestId)).toBe(true);
  });

  it("when the last manager loses the manager role on their page (Settings → People)", async () => {
    const requestId = await topUp("employee", "20");
    const omar = (await findPerson(db(), (await as("manager")).id))!;
    await updatePerson(db(), await admin(), {
      userId: omar.id,
      name: omar.name,
      roles: omar.roles.filter((role) => role !== "manager"),
      // Without the role he manages no team: the form takes him off as its manager too (refused otherwise).
      teams: omar.teams.map((team) => ({ ...team, manager: false })),
    });

    expect(await needsYou("finance", requestId)).toHaveLength(1);
    expect(await inbox("finance")).toContain(requestId);
  });

  it("not while another manager remains", async () => {
    const managerId = (await as("manager")).id;
    const emma = await as("employee2");
    // Emma becomes a second manager of Operations.
    await db().insert(userRoles).values({ userId: emma.id, role: "manager" }).onConflictDoNothing();
    await db()
      .insert(teamMemberships)
      .values({ teamId: operationsId, userId: emma.id, isManager: true })
      .onConflictDoNothing();
    try {
      const requestId = await topUp("employee", "20");
      await setPersonActive(db(), await admin(), { userId: managerId, active: false });
      expect(await needsYou("finance", requestId)).toHaveLength(0);
      expect(await mayDecide("finance", requestId)).toBe(false);
      expect(await approve("employee2", requestId)).toEqual({ status: "approved" });
    } finally {
      await db()
        .delete(teamMemberships)
        .where(and(eq(teamMemberships.userId, emma.id), eq(teamMemberships.teamId, operationsId)));
      await db()
        .delete(userRoles)
        .where(and(eq(userRoles.userId, emma.id), eq(userRoles.role, "manager")));
    }
  });
});
