import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import type { SessionUser } from "@/lib/auth/session-user";
import { applyRemoteCard } from "@/lib/cards/sync-card";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { remoteCardOf } from "@/test/remote-card";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { executeRequest } from "./execute-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";
import { withdrawRequestsEndedByOrder } from "./order-withdrawals";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  // Nothing here may reach a provider: an unreachable sandbox with short timeouts makes any attempt fail fast.
  accountId = await seedOfflineDemoFailingFast(db());
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const cardOf = (user: SessionUser) => activeCardOf(db(), { user, providerAccountId: accountId });

async function topUp(cardId: string): Promise<string> {
  const input = createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Conference tickets" });
  return (await createRequest(db(), await as("employee"), TEST_META, input)).requestId;
}

const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

const withdrawalNotices = (requestId: string) =>
  db().select().from(notifications).where(and(eq(notifications.kind, "request.withdrawn"), eq(notifications.href, `/requests/${requestId}`)));

describe("requests about a card that closed", () => {
  it("a completed cancellation withdraws the card's waiting requests in the canceller's name, and tells the requester", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId);
    const finance = await as("finance");
    // What settling the cancel order leaves: the card cancelled. The card refresh after it cannot reach the provider.
    await updateCard(db(), cardId, { status: "cancelled" });

    await withdrawRequestsEndedByOrder(db(), { id: "cancel-order", cardId, type: "cancel", status: "completed", createdByUserId: finance.id } as ProviderOrderRow);

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled", awaiting: null });
    const [, withdrawn] = await listRequestEvents(db(), requestId);
    expect(withdrawn).toMatchObject({ type: "cancelled", actorUserId: finance.id, comment: "Withdrawn: The card was cancelled, so this request can no longer be carried out." });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(audit).toMatchObject({ actorUserId: finance.id, summary: { reason: "card_closed", wasStatus: "pending" } });
    const employee = await as("employee");
    expect((await withdrawalNotices(requestId)).map((notice) => notice.recipientUserId)).toEqual([employee.id]);
  });

  it("refuses to approve a request whose card closed, whatever closed it", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId);
    await updateCard(db(), cardId, { status: "expired" });
    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: "The card has expired, so this request can no longer be carried out." });
    await updateCard(db(), cardId, { status: "cancelling" });
    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: "The card is being cancelled, so this request cannot be approved." });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0 });
  });

  it("withdraws an approved request when it comes to be carried out on a card closed meanwhile, and orders nothing", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId);
    expect(await approve("manager", requestId)).toEqual({ status: "approved" });
    await updateCard(db(), cardId, { status: "cancelled" });

    await executeRequest(db(), requestId);

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect(await db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId))).toEqual([]);
    expect(await withdrawalNotices(requestId)).toHaveLength(1);
  });

  it("a sync that finds the card expired at the provider withdraws its waiting requests", async () => {
    const cardId = await cardOf(await as("employee"));
    const requestId = await topUp(cardId);
    const card = (await findCard(db(), cardId))!;
    const remote = remoteCardOf(card, { provider: "cardopenapi", status: "expired", providerStatus: "7" });

    expect(await applyRemoteCard(db(), card, remote, new Date())).toBe(true);

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(audit).toMatchObject({ actorUserId: null, summary: { reason: "card_closed" } });
  });
});
