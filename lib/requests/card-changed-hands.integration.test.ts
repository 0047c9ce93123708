import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findRequest, listRequestEvents, updateRequest } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import { cardRequests } from "@/db/schema/requests";
import { AUDIT_CHAIN_LOCK } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session-user";
import { reassignCard } from "@/lib/cards/edit-card";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
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

// Each test's top-up is routed on its own, not added to the earlier tests' ones.
beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

const cardOf = (user: SessionUser) => activeCardOf(db(), { user, providerAccountId: accountId });

async function topUp(cardId: string, amount: string): Promise<string> {
  const input = createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Trade fair in Berlin" });
  return (await createRequest(db(), await as("employee"), TEST_META, input)).requestId;
}

/** Approves the step the approver sees now, as the request page does. */
const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

const ordersOn = (cardId: string) => db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId));

describe("reassigning a card withdraws its open requests", () => {
  it("stops finance from approving a 5,000 USD top-up onto the card finance2 just gave them", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "5000");
    expect((await findRequest(db(), requestId))?.steps).toEqual(["team_manager", "finance"]);
    const finance = await as("finance");
    const finance2 = await as("finance2");

    await reassignCard(db(), finance2, TEST_META, { cardId, ownerUserId: finance.id });
    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict" });
    await expect(approve("finance", requestId)).rejects.toMatchObject({ code: "conflict" });
    await executeRequest(db(), requestId);

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled", currentStep: 0, awaiting: null, lastApproverUserId: null });
    expect(await ordersOn(cardId)).toEqual([]);
    const events = await listRequestEvents(db(), requestId);
    expect(events.map((event) => event.type)).toEqual(["created", "cancelled"]);
    expect(events[1]).toMatchObject({ actorUserId: finance2.id, comment: expect.stringMatching(/card changed hands/) });
    const [withdrawn] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(withdrawn).toMatchObject({ actorUserId: finance2.id, summary: { kind: "top_up", wasStatus: "pending", reason: "card_changed_hands" } });
    const notices = await db().select({ readAt: notifications.readAt }).from(notifications).where(and(eq(notifications.kind, "request.needs_you"), eq(notifications.href, `/requests/${requestId}`)));
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((notice) => notice.readAt !== null)).toBe(true);
  });

  it("withdraws an approved request not yet carried out, so the old holder's top-up never reaches the new one", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "50");
    expect(await approve("manager", requestId)).toEqual({ status: "approved" });

    await reassignCard(db(), await as("finance2"), TEST_META, { cardId, ownerUserId: (await as("employee2")).id });
    await executeRequest(db(), requestId);

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect(await ordersOn(cardId)).toEqual([]);
    const [withdrawn] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(withdrawn?.summary).toMatchObject({ wasStatus: "approved", reason: "card_changed_hands" });
  });

  it("tells the old holder, who filed the request and for whom it was, that it was withdrawn and why", async () => {
    const eli = await as("employee");
    const cardId = await cardOf(eli);
    const requestId = await topUp(cardId, "25");

    await reassignCard(db(), await as("finance"), TEST_META, { cardId, ownerUserId: (await as("employee2")).id });

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    const told = await db()
      .select({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.recipientUserId, eli.id), eq(notifications.kind, "request.withdrawn"), eq(notifications.href, `/requests/${requestId}`)));
    expect(told).toEqual([{ title: "Your request was withdrawn", body: expect.stringMatching(/card changed hands: it was reassigned to someone else\./) }]);
    // Neither the notice nor the withdrawal's audit row (which the old team's manager reads) names the new holder.
    const [withdrawn] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(JSON.stringify([told, withdrawn?.summary])).not.toMatch(/Emma/);
  });

  it("leaves the requests alone when the reassignment changes neither holder nor team", async () => {
    const employee = await as("employee");
    const cardId = await cardOf(employee);
    const requestId = await topUp(cardId, "40");
    await reassignCard(db(), await as("finance2"), TEST_META, { cardId, ownerUserId: employee.id, teamId: employee.teamIds[0] });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending" });
  });

  it("does not deadlock with a decision on one of its requests being written meanwhile", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "20");
    // A decision in flight, as approveRequest and cancelRequest run: it holds the request, then writes its audit row.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const decision = db().transaction(async (tx) => {
      await tx.select().from(cardRequests).where(eq(cardRequests.id, requestId)).for("update");
      held();
      await gate;
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    });
    await isHeld;
    const newHolder = await as("employee2");
    const reassignment = reassignCard(db(), await as("finance"), TEST_META, { cardId, ownerUserId: newHolder.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();

    const [decided, reassigned] = await Promise.allSettled([decision, reassignment]);
    expect(decided.status).toBe("fulfilled");
    expect(reassigned.status).toBe("fulfilled");
    expect((await findCard(db(), cardId))!.ownerUserId).toBe(newHolder.id);
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
  });
});

describe("a card-change request whose card changed hands by any other path", () => {
  it("cannot be approved once the card belongs to someone else", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "5000");
    await updateCard(db(), cardId, { ownerUserId: (await as("finance")).id, teamId: null });
    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/changed hands/) });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0 });
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created"]);
  });

  it("cannot be approved by the old team's manager once the card is in another team", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "30");
    const marketing = (await as("manager2")).managedTeamIds[0]!;
    await updateCard(db(), cardId, { teamId: marketing });
    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/another team/) });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0 });
  });

  it("is not claimed for execution once approved, and places no order", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "60");
    await approve("manager", requestId);
    await updateCard(db(), cardId, { ownerUserId: (await as("finance")).id, teamId: null });

    const { request } = await executeRequest(db(), requestId);

    expect(request).toMatchObject({ status: "failed", failureMessage: expect.stringMatching(/changed hands/) });
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created", "approved", "failed"]);
    expect(await ordersOn(cardId)).toEqual([]);
    const [failed] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.failed"), eq(auditLog.targetId, requestId)));
    expect(failed?.summary).toMatchObject({ reason: expect.stringMatching(/changed hands/) });
  });

  it("places no order when the card changed hands after the claim, before the order was written", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId, "70");
    await approve("manager", requestId);
    // Claimed by a worker that died before placing the order; the card is given away before the sweep returns.
    await updateRequest(db(), requestId, { status: "executing", orderId: requestId });
    await updateCard(db(), cardId, { ownerUserId: (await as("finance")).id, teamId: null });

    const { request } = await executeRequest(db(), requestId);

    expect(request).toMatchObject({ status: "failed", failureMessage: expect.stringMatching(/changed hands/) });
    expect(await ordersOn(cardId)).toEqual([]);
  });
});
