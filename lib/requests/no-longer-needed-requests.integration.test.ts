/**
 * A request to activate or unfreeze a card that reached that state another way (finance acted directly, or the provider
 * says so): it is no longer needed, so it is withdrawn with the reason, as a closed card's requests are, and never
 * approved or carried out into a "failed" its holder would be told about.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import { applyRemoteCard } from "@/lib/cards/sync-card";
import type { Card, CardStatus } from "@/lib/providers/types";
import { prepaidCardInStatus } from "@/test/card-fixtures";
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

/** A Card OPEN-API card of the employee's, written straight into the table, holding 100.00. */
const employeeCard = async (status: CardStatus) => prepaidCardInStatus(db(), { user: await as("employee"), providerAccountId: accountId, status });

async function file(kind: "activate" | "unfreeze", cardId: string): Promise<CardRequestRow> {
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse({ kind, cardId, purpose: "Trip starts Monday" }));
  return (await findRequest(db(), requestId))!;
}

const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

const noticesOf = async (requestId: string) =>
  (await db().select().from(notifications).where(and(eq(notifications.recipientUserId, (await as("employee")).id), eq(notifications.href, `/requests/${requestId}`)))).map((notice) => notice.kind);

const withdrawalAudit = async (requestId: string) => (await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId))))[0];

/** The provider's view of the card, as a sync reads it, in `status`. */
async function remoteCard(cardId: string, status: CardStatus): Promise<Card> {
  return remoteCardOf((await findCard(db(), cardId))!, { provider: "cardopenapi", status, providerStatus: status === "active" ? "2" : "3" });
}

describe("a request to activate or unfreeze a card that got there another way", () => {
  it("is withdrawn when finance's own activation of the card completes, in their name, and its holder told why", async () => {
    const cardId = await employeeCard("inactive");
    const request = await file("activate", cardId);
    const finance = await as("finance");
    // What settling finance's activate order leaves: the card active. The card refresh after it cannot reach the provider.
    await updateCard(db(), cardId, { status: "active" });

    await withdrawRequestsEndedByOrder(db(), { id: "activate-order", cardId, type: "activate", status: "completed", createdByUserId: finance.id } as ProviderOrderRow);

    expect(await findRequest(db(), request.id)).toMatchObject({ status: "cancelled", awaiting: null });
    expect((await listRequestEvents(db(), request.id)).at(-1)).toMatchObject({
      type: "cancelled",
      actorUserId: finance.id,
      comment: "Withdrawn: The card is already active, so this request is no longer needed.",
    });
    expect(await withdrawalAudit(request.id)).toMatchObject({ actorUserId: finance.id, summary: { kind: "activate", reason: "no_longer_needed", wasStatus: "pending" } });
    expect(await noticesOf(request.id)).toContain("request.withdrawn");
  });

  it("is withdrawn when an unfreeze completes another way, and a request of another kind stays", async () => {
    const cardId = await employeeCard("frozen");
    const request = await file("unfreeze", cardId);
    await updateCard(db(), cardId, { status: "active" });
    const topUp = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Conference tickets" }));
    await withdrawRequestsEndedByOrder(db(), { id: "unfreeze-order", cardId, type: "unfreeze", status: "completed", createdByUserId: (await as("finance")).id } as ProviderOrderRow);
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "cancelled" });
    expect((await listRequestEvents(db(), request.id)).at(-1)).toMatchObject({ comment: "Withdrawn: The card is already unfrozen, so this request is no longer needed." });
    expect(await findRequest(db(), topUp.requestId)).toMatchObject({ status: "pending" });
  });

  it("is withdrawn by the sync that reads the card active at the provider, in the worker's name", async () => {
    const cardId = await employeeCard("inactive");
    const request = await file("activate", cardId);
    const card = (await findCard(db(), cardId))!;

    expect(await applyRemoteCard(db(), card, await remoteCard(cardId, "active"), new Date())).toBe(true);

    expect(await findRequest(db(), request.id)).toMatchObject({ status: "cancelled" });
    expect(await withdrawalAudit(request.id)).toMatchObject({ actorUserId: null, summary: { reason: "no_longer_needed" } });
  });

  it("is refused approval, with the reason, while it waits; the request stays pending", async () => {
    const cardId = await employeeCard("frozen");
    const request = await file("unfreeze", cardId);
    // Written straight into the table: nothing withdrew it, so the approval's own check is what stands.
    await updateCard(db(), cardId, { status: "active" });
    await expect(approve("manager", request.id)).rejects.toMatchObject({ code: "conflict", message: "The card is already unfrozen, so this request is no longer needed." });
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "pending", currentStep: 0 });
  });

  it("is withdrawn, not failed, when it comes to be carried out after it was approved, and orders nothing", async () => {
    const cardId = await employeeCard("inactive");
    const request = await file("activate", cardId);
    expect(await approve("manager", request.id)).toEqual({ status: "approved" });
    await updateCard(db(), cardId, { status: "active" });

    expect((await executeRequest(db(), request.id)).request).toMatchObject({ status: "cancelled", failureMessage: null });

    expect(await db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId))).toEqual([]);
    expect(await withdrawalAudit(request.id)).toMatchObject({ actorUserId: null, summary: { reason: "no_longer_needed", wasStatus: "approved" } });
    const told = await noticesOf(request.id);
    expect(told).toContain("request.withdrawn");
    expect(told).not.toContain("request.failed");
  });
});
