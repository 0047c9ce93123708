/**
 * A limit increase is weighed and routed by how far it raises the lifetime limit the card had when it was filed. Once
 * the card's lifetime limit is lowered below that (finance lowered it, or the provider did), carrying it out would raise
 * the card from the lower limit: a raise nobody weighed, past the finance threshold perhaps, on a manager's approval
 * alone, undoing the decrease. So it is withdrawn, with the reason, when the decrease is seen, and refused at approval,
 * at execution and at retry on any path that missed it.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findCardForView } from "@/db/queries/cards";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { applyRemoteCard } from "@/lib/cards/sync-card";
import type { Card } from "@/lib/providers/types";
import { shareBalanceCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { remoteCardOf } from "@/test/remote-card";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { whyCardRequestNotApprovable } from "./card-request-approvable";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { executeRequest } from "./execute-request";
import { retryRequest } from "./retry-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";
import { withdrawRequestsEndedByOrder } from "./order-withdrawals";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let cardepassAccountId = "";
let cardCount = 0;

beforeAll(async () => {
  // Nothing here reaches a provider: an order written is sent to a port nothing listens on, and stays open.
  cardepassAccountId = await seedOfflineDemoFailingFast(db(), "cardepass");
});

beforeEach(() => {
  // The card refresh after an order cannot reach the provider, and only warns.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  return outsidePolicyWindow(db());
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

const LOWERED =
  "The card's lifetime limit was lowered from $500.00 to $100.00 since this request was filed. It was weighed and routed as a raise from $500.00, so its approvals do not cover raising the card from the lower limit: it can no longer be approved or carried out, and its holder can file a new request.";

/** The employee's live ShareBalance card: 50.00 per transaction, 500.00 lifetime, nothing spent. */
async function card(): Promise<string> {
  cardCount += 1;
  return shareBalanceCardOf(db(), { user: await as("employee"), providerAccountId: cardepassAccountId, limitLifetime: 50_000n, alias: `Ads card ${cardCount}` });
}

/** 1,400.00 lifetime: a 900.00 raise, below the demo's 1,000.00 threshold, so the team manager alone approves it. */
async function limitIncrease(cardId: string): Promise<CardRequestRow> {
  // Weighed alone: the requests filed before it fall outside the policy's 30 days.
  await outsidePolicyWindow(db());
  const input = createRequestSchema.parse({ kind: "limit_increase", cardId, perTransactionLimit: "50", lifetimeLimit: "1400", purpose: "Ads budget" });
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, input);
  const request = (await findRequest(db(), requestId))!;
  expect(request).toMatchObject({ steps: ["team_manager"], policyAmount: 90_000n, threshold: 100_000n, details: { lifetimeLimitBefore: "50000" } });
  return request;
}

const approve = async (requestId: string) => approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

/** What finance's completed limits order leaves on the card: 100.00 lifetime. */
const lowerToOneHundred = (cardId: string) => updateCard(db(), cardId, { limitLifetime: 10_000n });

/** The provider's view of the ShareBalance card as a sync reads it: active, 50.00 per transaction, this lifetime limit. */
async function remoteCardWithLifetime(cardId: string, lifetime: bigint): Promise<Card> {
  const usd = (amount: bigint) => ({ amount, currency: "USD" });
  return remoteCardOf((await findCard(db(), cardId))!, {
    provider: "cardepass",
    status: "active",
    providerStatus: "active",
    limits: { perTransaction: usd(5_000n), lifetime: usd(lifetime), used: usd(0n) },
  });
}

const noticesOf = async (requestId: string) =>
  (await db().select().from(notifications).where(and(eq(notifications.recipientUserId, (await as("employee")).id), eq(notifications.href, `/requests/${requestId}`)))).map((notice) => notice.kind);

const withdrawalAudit = async (requestId: string) => (await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId))))[0];

const ordersOf = (cardId: string) => db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId));

describe("a limit increase whose card's lifetime limit was lowered below the one it was filed on", () => {
  it("is withdrawn when finance's limits order lowering the card completes, in finance's name, and its holder told why", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    const finance = await as("finance");
    await lowerToOneHundred(cardId);

    await withdrawRequestsEndedByOrder(db(), { id: "limits-order", cardId, type: "limits", status: "completed", createdByUserId: finance.id } as ProviderOrderRow);

    expect(await findRequest(db(), request.id)).toMatchObject({ status: "cancelled", awaiting: null });
    expect((await listRequestEvents(db(), request.id)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: finance.id, comment: `Withdrawn: ${LOWERED}` });
    expect(await withdrawalAudit(request.id)).toMatchObject({ actorUserId: finance.id, summary: { kind: "limit_increase", reason: "limit_lowered", wasStatus: "pending" } });
    expect(await noticesOf(request.id)).toContain("request.withdrawn");
  });

  it("is withdrawn by the sync that reads the lifetime limit lowered at the provider; one lowered no further than at filing stays", async () => {
    const loweredCard = await card();
    const lowered = await limitIncrease(loweredCard);
    const backAtFilingCard = await card();
    const backAtFiling = await limitIncrease(backAtFilingCard);

    expect(await applyRemoteCard(db(), (await findCard(db(), loweredCard))!, await remoteCardWithLifetime(loweredCard, 10_000n), new Date())).toBe(true);
    // Raised to 800.00 at the provider, then lowered back to the 500.00 it was filed on: the raise weighed still stands.
    expect(await applyRemoteCard(db(), (await findCard(db(), backAtFilingCard))!, await remoteCardWithLifetime(backAtFilingCard, 80_000n), new Date())).toBe(true);
    expect(await applyRemoteCard(db(), (await findCard(db(), backAtFilingCard))!, await remoteCardWithLifetime(backAtFilingCard, 50_000n), new Date())).toBe(true);

    expect(await findRequest(db(), lowered.id)).toMatchObject({ status: "cancelled", awaiting: null });
    expect((await listRequestEvents(db(), lowered.id)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: null, comment: `Withdrawn: ${LOWERED}` });
    expect(await withdrawalAudit(lowered.id)).toMatchObject({ actorUserId: null, summary: { reason: "limit_lowered" } });
    expect(await noticesOf(lowered.id)).toContain("request.withdrawn");
    expect(await findRequest(db(), backAtFiling.id)).toMatchObject({ status: "pending" });
  });

  it("is refused approval, with the reason the request page shows; nothing of an approval is written", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    // Written straight into the table: nothing withdrew it, so the approval's own check is what stands.
    await lowerToOneHundred(cardId);

    expect(whyCardRequestNotApprovable({ ...request, kind: "limit_increase" }, (await findCardForView(db(), cardId))!)).toBe(LOWERED);
    await expect(approve(request.id)).rejects.toMatchObject({ code: "conflict", message: LOWERED });
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "pending", currentStep: 0, lastApproverUserId: null });
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "request.approved"), eq(auditLog.targetId, request.id)))).toEqual([]);
  });

  it("is withdrawn, not carried out from the lower limit, when a manager-only approval comes to be carried out; nothing is ordered", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });
    await lowerToOneHundred(cardId);

    expect((await executeRequest(db(), request.id)).request).toMatchObject({ status: "cancelled", failureMessage: null });

    expect(await ordersOf(cardId)).toEqual([]);
    expect((await findCard(db(), cardId))?.limitLifetime).toBe(10_000n);
    expect((await listRequestEvents(db(), request.id)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: null, comment: `Withdrawn: ${LOWERED}` });
    expect(await withdrawalAudit(request.id)).toMatchObject({ actorUserId: null, summary: { reason: "limit_lowered", wasStatus: "approved" } });
    const told = await noticesOf(request.id);
    expect(told).toContain("request.withdrawn");
    expect(told).not.toContain("request.failed");
  });

  it("is not retried once it failed: the retry says why, and the request stays failed", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });
    await updateRequest(db(), request.id, { status: "failed", failureMessage: "The card was frozen.", completedAt: new Date() });
    await lowerToOneHundred(cardId);

    await expect(retryRequest(db(), await as("finance"), TEST_META, { requestId: request.id })).rejects.toMatchObject({ code: "conflict", message: LOWERED });
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "failed", failureMessage: "The card was frozen." });
    expect((await listRequestEvents(db(), request.id)).map((event) => event.type)).not.toContain("retried");
  });

  it("is refused as its order is placed, under the card's lock, when the limit was lowered after the request was claimed", async () => {
    const cardId = await card();
    await lowerToOneHundred(cardId);
    // The executor's call, as made once claim() has passed: the lower limit is read again under the card's lock.
    const placing = requestCardChange(db(), await as("finance"), TEST_META, cardId, { type: "limits", perTransactionLimit: "50", lifetimeLimit: "1400" }, {
      raiseOnly: { lifetimeAtFiling: 50_000n },
    });
    await expect(placing).rejects.toMatchObject({ code: "conflict", message: LOWERED });
    expect(await ordersOf(cardId)).toEqual([]);
    expect((await findCard(db(), cardId))?.limitLifetime).toBe(10_000n);
  });
});
