/**
 * Review diff43p F4: a Card OPEN-API card reported lost (cardopenapi.md card_list.status "6:已挂失") reads as frozen,
 * as it did at 3 (已冻结), and is not unfrozen through Cardhub (reported-lost-unfreeze.integration.test.ts). An unfreeze
 * request filed before the report can then never be approved or carried out, so it is withdrawn with the reason, and
 * its requester told, by the sync that reads the report and by the executor on any path that missed it.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, insertCard, updateCard } from "@/db/queries/card-updates";
import { findRequest, listRequestEvents, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import { REPORTED_LOST_REASON } from "@/lib/cards/reported-lost";
import { applyRemoteCard } from "@/lib/cards/sync-card";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { remoteCardOf } from "@/test/remote-card";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { executeRequest } from "./execute-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let cardopenapiAccount = "";

beforeAll(async () => {
  // Nothing here reaches a provider: an order written is sent to a port nothing listens on.
  cardopenapiAccount = await seedOfflineDemoFailingFast(db(), "cardopenapi");
});

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  return outsidePolicyWindow(db());
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** The employee's Card OPEN-API card, frozen at the provider (3 已冻结), as a sync stored it. */
async function frozenCard(): Promise<string> {
  const employee = await as("employee");
  const card = await insertCard(db(), {
    organizationId: employee.organizationId,
    providerAccountId: cardopenapiAccount,
    providerCardId: `lost-withdrawal-${crypto.randomUUID()}`,
    cardModel: "prepaid",
    ownerUserId: employee.id,
    teamId: employee.teamIds[0] ?? null,
    alias: "Travel card",
    currency: "USD",
    status: "frozen",
    providerStatus: "3",
    balance: 10_000n,
    lastSyncedAt: new Date(),
  });
  return card.id;
}

async function fileUnfreeze(cardId: string): Promise<CardRequestRow> {
  const input = createRequestSchema.parse({ kind: "unfreeze", cardId, purpose: "Travelling next week" });
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, input);
  return (await findRequest(db(), requestId))!;
}

const approve = async (requestId: string) => approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

/** A card sync reading the card frozen with this provider status. */
async function syncReads(cardId: string, providerStatus: "3" | "6"): Promise<void> {
  const stored = (await findCard(db(), cardId))!;
  expect(await applyRemoteCard(db(), stored, remoteCardOf(stored, { provider: "cardopenapi", status: "frozen", providerStatus }), new Date())).toBe(true);
}

const noticesOf = async (requestId: string) =>
  (await db().select().from(notifications).where(and(eq(notifications.recipientUserId, (await as("employee")).id), eq(notifications.href, `/requests/${requestId}`)))).map((notice) => notice.kind);

const withdrawalAudit = async (requestId: string) => (await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId))))[0];

async function expectWithdrawnAsReportedLost(requestId: string, wasStatus: "pending" | "approved"): Promise<void> {
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled", awaiting: null });
  expect((await listRequestEvents(db(), requestId)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: null, comment: `Withdrawn: ${REPORTED_LOST_REASON}` });
  expect(await withdrawalAudit(requestId)).toMatchObject({ actorUserId: null, summary: { kind: "unfreeze", reason: "reported_lost", wasStatus } });
  expect(await noticesOf(requestId)).toContain("request.withdrawn");
}

describe("an unfreeze request of a Card OPEN-API card reported lost after it was filed", () => {
  it("is withdrawn with the reason by the sync that reads the card turn from 3 to 6, and its requester told", async () => {
    const cardId = await frozenCard();
    const request = await fileUnfreeze(cardId);

    await syncReads(cardId, "6");

    expect((await findCard(db(), cardId))!.providerStatus).toBe("6");
    await expectWithdrawnAsReportedLost(request.id, "pending");
  });

  it("is withdrawn by that sync once approved and not yet carried out", async () => {
    const cardId = await frozenCard();
    const request = await fileUnfreeze(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });

    await syncReads(cardId, "6");

    await expectWithdrawnAsReportedLost(request.id, "approved");
  });

  it("stays pending while the sync reads the card frozen (3), not reported lost", async () => {
    const cardId = await frozenCard();
    const request = await fileUnfreeze(cardId);
    // Stored before Cardhub kept the provider's status: the sync's read of 3 is a change, so it looks at the requests.
    await updateCard(db(), cardId, { providerStatus: null });

    await syncReads(cardId, "3");

    expect(await findRequest(db(), request.id)).toMatchObject({ status: "pending" });
  });

  it("is withdrawn, nothing ordered, when the executor comes to carry it out and no sync withdrew it", async () => {
    const cardId = await frozenCard();
    const request = await fileUnfreeze(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });
    // Written straight into the table: nothing withdrew it, so the executor's own check is what stands.
    await updateCard(db(), cardId, { providerStatus: "6" });

    expect((await executeRequest(db(), request.id)).request).toMatchObject({ status: "cancelled", failureMessage: null });

    expect(await db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId))).toEqual([]);
    await expectWithdrawnAsReportedLost(request.id, "approved");
    expect(await noticesOf(request.id)).not.toContain("request.failed");
  });
});
