import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findRequest, listRequestEvents, updateRequest } from "@/db/queries/requests";
import { setUserActive } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import { teamMemberships } from "@/db/schema/teams";
import { userRoles, users } from "@/db/schema/users";
import type { SessionUser } from "@/lib/auth/session-user";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { executeRequest } from "./execute-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  // Nothing here may reach a provider: an unreachable sandbox with short timeouts makes any attempt fail fast.
  accountId = await seedOfflineDemoFailingFast(db());
});

beforeEach(() => outsidePolicyWindow(db()));

// Every test starts from the demo's people as seeded: all active, finance members in finance, managers managing.
afterEach(async () => {
  await db().update(users).set({ active: true });
  for (const who of ["finance", "finance2"]) await db().insert(userRoles).values({ userId: (await as(who)).id, role: "finance" }).onConflictDoNothing();
  await db().update(teamMemberships).set({ isManager: true }).where(eq(teamMemberships.userId, (await as("manager")).id));
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const cardOf = (user: SessionUser) => activeCardOf(db(), { user, providerAccountId: accountId });

async function topUp(who: string, cardId: string, amount: string): Promise<string> {
  const input = createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Trade fair in Berlin" });
  return (await createRequest(db(), await as(who), TEST_META, input)).requestId;
}

/** Approves the step the approver sees now, as the request page does. */
const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

const deactivate = async (who: string) =>
  setPersonActive(db(), adminContextFor({ user: await as("admin"), meta: TEST_META }), { userId: (await as(who)).id, active: false });

const ordersOn = (cardId: string) => db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId));
const auditRows = (action: "request.cancelled" | "request.failed", requestId: string) =>
  db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, requestId)));

describe("deactivating a person withdraws their open requests", () => {
  it("withdraws a leaver's pending and approved top-ups with the reason, and leaves one being carried out alone", async () => {
    const employee = await as("employee");
    const [pendingCard, approvedCard, executingCard] = [await cardOf(employee), await cardOf(employee), await cardOf(employee)];
    const pending = await topUp("employee", pendingCard, "20");
    const approved = await topUp("employee", approvedCard, "30");
    await approve("manager", approved);
    const executing = await topUp("employee", executingCard, "40");
    await approve("manager", executing);
    // Claimed by the executor a moment ago: its order may already be at the provider.
    await updateRequest(db(), executing, { status: "executing", nextCheckAt: new Date(Date.now() + 60_000) });
    const admin = await as("admin");

    const answer = await deactivate("employee");

    // The administrator is told what was withdrawn, each request named and linked (components/settings/deactivation-result.tsx).
    expect(answer.withdrawnRequests).toHaveLength(2);
    expect(answer.withdrawnRequests).toEqual(
      expect.arrayContaining([
        { id: pending, description: "Top-up of $20.00" },
        { id: approved, description: "Top-up of $30.00" },
      ]),
    );
    expect(await findRequest(db(), pending)).toMatchObject({ status: "cancelled", awaiting: null, nextCheckAt: null });
    expect(await findRequest(db(), approved)).toMatchObject({ status: "cancelled", nextCheckAt: null });
    expect(await findRequest(db(), executing)).toMatchObject({ status: "executing" });
    const events = await listRequestEvents(db(), pending);
    expect(events.map((event) => event.type)).toEqual(["created", "cancelled"]);
    expect(events[1]).toMatchObject({ actorUserId: admin.id, comment: expect.stringMatching(/Eli Employee, who filed it and for whom it is, was deactivated/) });
    const [pendingAudit] = await auditRows("request.cancelled", pending);
    expect(pendingAudit).toMatchObject({ actorUserId: admin.id, summary: { kind: "top_up", wasStatus: "pending", reason: "person_deactivated" } });
    const [approvedAudit] = await auditRows("request.cancelled", approved);
    expect(approvedAudit?.summary).toMatchObject({ wasStatus: "approved", reason: "person_deactivated" });
    const [deactivated] = await db().select().from(auditLog).where(and(eq(auditLog.action, "user.deactivated"), eq(auditLog.targetId, employee.id)));
    expect(deactivated?.summary).toMatchObject({ withdrawnRequests: 2 });
    // The manager's "needs your approval" for the withdrawn request no longer counts as unread.
    const notices = await db().select({ readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.kind, "request.needs_you"), eq(notifications.href, `/requests/${pending}`)));
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((notice) => notice.readAt !== null)).toBe(true);

    // Nothing is approved or carried out afterwards, and no money goes to the leaver's cards.
    await expect(approve("manager", pending)).rejects.toMatchObject({ code: "conflict" });
    await executeRequest(db(), approved);
    expect(await findRequest(db(), approved)).toMatchObject({ status: "cancelled" });
    expect(await ordersOn(pendingCard)).toEqual([]);
    expect(await ordersOn(approvedCard)).toEqual([]);
  });

  it("withdraws only the leaver's requests, not other people's", async () => {
    const employee2 = await as("employee2");
    const mine = await topUp("employee2", await cardOf(employee2), "25");
    const others = await topUp("employee", await cardOf(await as("employee")), "25");

    await deactivate("employee2");

    expect(await findRequest(db(), mine)).toMatchObject({ status: "cancelled" });
    expect(await findRequest(db(), others)).toMatchObject({ status: "pending" });
  });
});

describe("a request by or for a person deactivated by another path (e.g. filed in the moment before)", () => {
  it("cannot be approved", async () => {
    const employee = await as("employee");
    const requestId = await topUp("employee", await cardOf(employee), "20");
    await setUserActive(db(), { userId: employee.id, active: false });

    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/is for has been deactivated/) });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0 });
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created"]);
  });

  it("is not carried out once approved: the executor withdraws it with the reason and orders nothing", async () => {
    const employee = await as("employee");
    const cardId = await cardOf(employee);
    const requestId = await topUp("employee", cardId, "20");
    await approve("manager", requestId);
    await setUserActive(db(), { userId: employee.id, active: false });

    const { request } = await executeRequest(db(), requestId);

    expect(request).toMatchObject({ status: "cancelled" });
    expect(await ordersOn(cardId)).toEqual([]);
    const events = await listRequestEvents(db(), requestId);
    expect(events.map((event) => event.type)).toEqual(["created", "approved", "cancelled"]);
    expect(events[2]).toMatchObject({ actorUserId: null, comment: expect.stringMatching(/is for has been deactivated/) });
    const [withdrawn] = await auditRows("request.cancelled", requestId);
    expect(withdrawn).toMatchObject({ actorUserId: null, summary: { wasStatus: "approved", reason: "party_inactive" } });
  });

  it("is still refused when the leaver's request is one nobody else may cancel", async () => {
    const requestId = await topUp("employee", await cardOf(await as("employee")), "20");
    await deactivate("employee");
    // Already withdrawn by the deactivation: nobody needs to cancel it.
    await expect(cancelRequest(db(), await as("manager"), TEST_META, { requestId })).rejects.toMatchObject({ code: "forbidden" });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
  });
});

describe("an approval whose approver was deactivated or lost the step's role no longer counts", () => {
  it("refuses step 2 once the manager who approved step 1 is deactivated", async () => {
    const requestId = await topUp("employee", await cardOf(await as("employee")), "5000");
    expect((await findRequest(db(), requestId))?.steps).toEqual(["team_manager", "finance"]);
    await approve("manager", requestId);
    await deactivate("manager");

    await expect(approve("finance", requestId)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/Omar Operations, who approved step 1 as the team's manager, has been deactivated/) });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 1, awaiting: "finance" });
  });

  it("does not carry out a request whose step-1 manager was deactivated after the last step: it fails with the reason", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp("employee", cardId, "5000");
    await approve("manager", requestId);
    await approve("finance", requestId);
    await deactivate("manager");

    const { request } = await executeRequest(db(), requestId);

    expect(request).toMatchObject({ status: "failed", failureMessage: expect.stringMatching(/Omar Operations, who approved step 1 as the team's manager, has been deactivated/) });
    expect(await ordersOn(cardId)).toEqual([]);
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created", "approved", "approved", "failed"]);
    const [failed] = await auditRows("request.failed", requestId);
    expect(failed?.summary).toMatchObject({ reason: expect.stringMatching(/deactivated/) });
  });

  it("refuses the second finance step once the first finance approver lost the finance role", async () => {
    const manager = await as("manager");
    const requestId = await topUp("manager", await cardOf(manager), "5000");
    expect((await findRequest(db(), requestId))?.steps).toEqual(["finance", "finance"]);
    await approve("finance", requestId);
    await db().delete(userRoles).where(and(eq(userRoles.userId, (await as("finance")).id), eq(userRoles.role, "finance")));

    await expect(approve("finance2", requestId)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/Fiona Finance, who approved step 1 for finance, no longer holds the finance role/) });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 1 });
  });

  it("does not carry out a request whose last finance approver lost the finance role", async () => {
    const manager = await as("manager");
    const cardId = await cardOf(manager);
    const requestId = await topUp("manager", cardId, "5000");
    await approve("finance", requestId);
    await approve("finance2", requestId);
    await db().delete(userRoles).where(and(eq(userRoles.userId, (await as("finance2")).id), eq(userRoles.role, "finance")));

    const { request } = await executeRequest(db(), requestId);

    expect(request).toMatchObject({ status: "failed", failureMessage: expect.stringMatching(/Felix Finance, who approved step 2 for finance, no longer holds the finance role/) });
    expect(await ordersOn(cardId)).toEqual([]);
  });

  it("does not carry out a request whose manager no longer manages the team", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp("employee", cardId, "20");
    await approve("manager", requestId);
    await db().update(teamMemberships).set({ isManager: false }).where(eq(teamMemberships.userId, (await as("manager")).id));

    const { request } = await executeRequest(db(), requestId);

    expect(request).toMatchObject({ status: "failed", failureMessage: expect.stringMatching(/no longer manages this team/) });
    expect(await ordersOn(cardId)).toEqual([]);
  });
});
