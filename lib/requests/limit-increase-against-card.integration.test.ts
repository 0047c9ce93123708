/**
 * A limit increase is decided against the card as it is when it is approved, carried out or retried, not only as it was
 * when it was filed: a lifetime limit below what the card has already spent is refused (as filing refuses it), a request
 * the card's limits have caught up with is no longer needed (refused, and withdrawn), and an approved increase never
 * lowers a limit raised another way since.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findCardForView } from "@/db/queries/cards";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { cardRequests } from "@/db/schema/requests";
import { notifications } from "@/db/schema/notifications";
import { providerOrders } from "@/db/schema/provider-orders";
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
  // The card refresh after an order, and the order sent to the unreachable provider, only warn.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  return outsidePolicyWindow(db());
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

const NO_LONGER_NEEDED = "The card's limits were raised to what this request asks for or more, so it is no longer needed.";

/** The employee's live ShareBalance card: 50.00 per transaction and this lifetime limit (minor units; null unlimited). */
async function card(limitLifetime: bigint | null = 20_000n): Promise<string> {
  cardCount += 1;
  return shareBalanceCardOf(db(), { user: await as("employee"), providerAccountId: cardepassAccountId, limitLifetime, alias: `Ads card ${cardCount}` });
}

/** The employee asks for these limits (decimal text): one step, the team manager's. */
async function limitIncrease(cardId: string, perTransactionLimit = "60", lifetimeLimit = "300"): Promise<CardRequestRow> {
  const input = createRequestSchema.parse({ kind: "limit_increase", cardId, perTransactionLimit, lifetimeLimit, purpose: "Ads budget for the quarter" });
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, input);
  return (await findRequest(db(), requestId))!;
}

const approve = async (requestId: string, lowered: { perTransactionLimit?: string; lifetimeLimit?: string } = {}) =>
  approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep, ...lowered }));

/** What the request page reads to offer approving (lib/requests/card-request-approvable.ts), on the card as it is now. */
async function pageRefusal(request: CardRequestRow): Promise<string | null> {
  return whyCardRequestNotApprovable({ ...request, kind: "limit_increase" }, (await findCardForView(db(), request.cardId!))!);
}

/** Nothing of an approval was written: the request waits at its first step, with no approval event or audit row. */
async function expectUndecided(requestId: string): Promise<void> {
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0, lastApproverUserId: null });
  expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created"]);
  expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "request.approved"), eq(auditLog.targetId, requestId)))).toEqual([]);
}

/** The limits of the order Cardhub wrote for the card (minor units), if any. */
async function orderedLimits(cardId: string) {
  const orders = await db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId));
  return orders.map((order) => order.request as { type: string; perTransaction: string; lifetime: string | null });
}

/** The provider's view of the ShareBalance card as a sync reads it: active, with these limits (minor units). */
async function remoteCardWithLimits(cardId: string, perTransaction: bigint, lifetime: bigint): Promise<Card> {
  const usd = (amount: bigint) => ({ amount, currency: "USD" });
  return remoteCardOf((await findCard(db(), cardId))!, {
    provider: "cardepass",
    status: "active",
    providerStatus: "active",
    limits: { perTransaction: usd(perTransaction), lifetime: usd(lifetime), used: usd(0n) },
  });
}

const noticesOf = async (requestId: string) =>
  (await db().select().from(notifications).where(and(eq(notifications.recipientUserId, (await as("employee")).id), eq(notifications.href, `/requests/${requestId}`)))).map((notice) => notice.kind);

describe("filing a limit increase below one of the card's limits", () => {
  it("is refused on the lowered field, naming today's limit, and writes no request", async () => {
    // $50.00 per transaction, $200.00 lifetime.
    const cardId = await card();
    await expect(limitIncrease(cardId, "40", "300")).rejects.toMatchObject({
      code: "invalid_input",
      fields: { perTransactionLimit: "A limit increase never lowers a limit: it is $50.00 now. Ask for that or more." },
    });
    await expect(limitIncrease(cardId, "60", "150")).rejects.toMatchObject({
      code: "invalid_input",
      fields: { lifetimeLimit: "A limit increase never lowers a limit: it is $200.00 now. Ask for that or more." },
    });
    expect(await db().select().from(cardRequests).where(eq(cardRequests.cardId, cardId))).toEqual([]);
    // Today's limit itself is kept, as the form sends a field left empty: only the other is raised.
    expect(await limitIncrease(cardId, "50", "300")).toMatchObject({ status: "pending", requested: { perTransactionLimit: "5000", lifetimeLimit: "30000" } });
  });
});

describe("a limit increase's lifetime limit below what the card has already spent", () => {
  it("is refused when an approver lowers it there, on its field, and nothing is written; at least the spent amount is approved", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    // The card spends 150.00 of its 200.00 meanwhile (what a sync stores).
    await updateCard(db(), cardId, { limitUsed: 15_000n });

    await expect(approve(request.id, { lifetimeLimit: "100" })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { lifetimeLimit: "The card has already spent $150.00, more than $100.00: approve at least that much, or reject the request." },
    });
    await expectUndecided(request.id);

    expect(await approve(request.id, { lifetimeLimit: "160" })).toEqual({ status: "approved" });
    expect(await findRequest(db(), request.id)).toMatchObject({ approved: { perTransactionLimit: "6000", lifetimeLimit: "16000" } });
  });

  it("is refused approval as it stands once the card has spent more since, with the reason the request page shows", async () => {
    // $150.00 lifetime today: the request raises it to $180.00, and the per-transaction limit to $60.00.
    const cardId = await card(15_000n);
    const request = await limitIncrease(cardId, "60", "180");
    await updateCard(db(), cardId, { limitUsed: 19_000n });
    const why = "The card has already spent $190.00, more than $180.00, the lifetime limit this asks for, so it cannot be approved: reject it, and its holder can ask for a higher one.";

    expect(await pageRefusal(request)).toBe(why);
    await expect(approve(request.id)).rejects.toMatchObject({ code: "conflict", message: why });
    await expectUndecided(request.id);
  });

  it("is not retried once it failed: the retry says what would have to change, and the request stays failed", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });
    await updateRequest(db(), request.id, { status: "failed", failureMessage: "The card was frozen.", completedAt: new Date() });
    // Finance raised the lifetime limit to 1,000.00 since, and the card has spent 400.00: more than the 300.00 approved.
    await updateCard(db(), cardId, { limitLifetime: 100_000n, limitUsed: 40_000n });

    await expect(retryRequest(db(), await as("finance"), TEST_META, { requestId: request.id })).rejects.toMatchObject({
      code: "conflict",
      message:
        "The card has already spent $400.00, more than $300.00, the lifetime limit this request was approved for, so it cannot be retried: its holder can file a new request for a lifetime limit above what the card has spent.",
    });
    expect(await findRequest(db(), request.id)).toMatchObject({ status: "failed", failureMessage: "The card was frozen." });
    expect((await listRequestEvents(db(), request.id)).map((event) => event.type)).not.toContain("retried");
  });
});

describe("a limit increase the card's limits have caught up with", () => {
  it("is refused approval, with the reason the request page shows; the request stays pending", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    // Finance set the card directly to 100.00 / 1,000.00 meanwhile (what a completed limits order stores).
    await updateCard(db(), cardId, { limitPerTransaction: 10_000n, limitLifetime: 100_000n });

    expect(await pageRefusal(request)).toBe(NO_LONGER_NEEDED);
    await expect(approve(request.id)).rejects.toMatchObject({ code: "conflict", message: NO_LONGER_NEEDED });
    await expectUndecided(request.id);
  });

  it("is withdrawn, not carried out as a decrease, when it comes to be carried out after it was approved; its holder is told", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });
    await updateCard(db(), cardId, { limitPerTransaction: 10_000n, limitLifetime: 100_000n });

    expect((await executeRequest(db(), request.id)).request).toMatchObject({ status: "cancelled", failureMessage: null });

    expect(await orderedLimits(cardId)).toEqual([]);
    expect((await listRequestEvents(db(), request.id)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: null, comment: `Withdrawn: ${NO_LONGER_NEEDED}` });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, request.id)));
    expect(audit).toMatchObject({ actorUserId: null, summary: { kind: "limit_increase", reason: "no_longer_needed", wasStatus: "approved" } });
    const told = await noticesOf(request.id);
    expect(told).toContain("request.withdrawn");
    expect(told).not.toContain("request.failed");
  });

  it("is withdrawn when finance's own limits order completes, in their name; one the new limits do not meet stays", async () => {
    const finance = await as("finance");
    const metCard = await card();
    const met = await limitIncrease(metCard);
    const stillNeededCard = await card();
    const stillNeeded = await limitIncrease(stillNeededCard);
    // What settling finance's limits orders leaves: one card at 100.00 / 1,000.00, the other at 55.00 / 250.00.
    await updateCard(db(), metCard, { limitPerTransaction: 10_000n, limitLifetime: 100_000n });
    await updateCard(db(), stillNeededCard, { limitPerTransaction: 5_500n, limitLifetime: 25_000n });

    for (const cardId of [metCard, stillNeededCard]) {
      await withdrawRequestsEndedByOrder(db(), { id: `limits-order-${cardId}`, cardId, type: "limits", status: "completed", createdByUserId: finance.id } as ProviderOrderRow);
    }

    expect(await findRequest(db(), met.id)).toMatchObject({ status: "cancelled", awaiting: null });
    expect((await listRequestEvents(db(), met.id)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: finance.id, comment: `Withdrawn: ${NO_LONGER_NEEDED}` });
    expect(await noticesOf(met.id)).toContain("request.withdrawn");
    expect(await findRequest(db(), stillNeeded.id)).toMatchObject({ status: "pending" });
  });

  it("is withdrawn by the sync that reads the limits raised at the provider, in the worker's name; a read that meets neither leaves it", async () => {
    const metCard = await card();
    const met = await limitIncrease(metCard);
    const stillNeededCard = await card();
    const stillNeeded = await limitIncrease(stillNeededCard);

    // Raised at the provider's own portal: one card to 100.00 / 1,000.00, the other to 55.00 / 250.00.
    expect(await applyRemoteCard(db(), (await findCard(db(), metCard))!, await remoteCardWithLimits(metCard, 10_000n, 100_000n), new Date())).toBe(true);
    expect(await applyRemoteCard(db(), (await findCard(db(), stillNeededCard))!, await remoteCardWithLimits(stillNeededCard, 5_500n, 25_000n), new Date())).toBe(true);

    expect(await findRequest(db(), met.id)).toMatchObject({ status: "cancelled", awaiting: null });
    expect((await listRequestEvents(db(), met.id)).at(-1)).toMatchObject({ type: "cancelled", actorUserId: null, comment: `Withdrawn: ${NO_LONGER_NEEDED}` });
    expect(await noticesOf(met.id)).toContain("request.withdrawn");
    expect(await findRequest(db(), stillNeeded.id)).toMatchObject({ status: "pending" });
  });

  it("refuses an approver's lowering that leaves no increase, on its field; nothing is written", async () => {
    const request = await limitIncrease(await card());
    await expect(approve(request.id, { perTransactionLimit: "50", lifetimeLimit: "200" })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { lifetimeLimit: "Lowered this far, it asks for no increase: at least one of the two limits must stay above today's ($50.00 per transaction, $200.00 lifetime)." },
    });
    await expectUndecided(request.id);
  });
});

describe("an approved limit increase never lowers a limit", () => {
  it("keeps a lifetime limit raised above the request's since, and raises the per-transaction limit still asked for", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    await updateCard(db(), cardId, { limitLifetime: 100_000n });
    expect(await pageRefusal(request)).toBeNull();
    expect(await approve(request.id)).toEqual({ status: "approved" });

    await executeRequest(db(), request.id);

    expect(await orderedLimits(cardId)).toEqual([{ type: "limits", perTransaction: "6000", lifetime: "100000", before: { perTransaction: "5000", lifetime: "100000" } }]);
  });

  it("keeps a per-transaction limit raised above the request's since, and raises the lifetime limit still asked for", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    expect(await approve(request.id)).toEqual({ status: "approved" });
    await updateCard(db(), cardId, { limitPerTransaction: 10_000n });

    await executeRequest(db(), request.id);

    expect(await orderedLimits(cardId)).toEqual([{ type: "limits", perTransaction: "10000", lifetime: "30000", before: { perTransaction: "10000", lifetime: "20000" } }]);
  });

  it("keeps today's lifetime limit when an approver lowers the request's below it", async () => {
    const cardId = await card();
    const request = await limitIncrease(cardId);
    expect(await approve(request.id, { lifetimeLimit: "150" })).toEqual({ status: "approved" });

    await executeRequest(db(), request.id);

    expect(await orderedLimits(cardId)).toEqual([{ type: "limits", perTransaction: "6000", lifetime: "20000", before: { perTransaction: "5000", lifetime: "20000" } }]);
  });

  it("leaves a card made unlimited since unlimited; one unlimited when the request was filed gets the limit it asked for", async () => {
    const madeUnlimited = await card();
    const request = await limitIncrease(madeUnlimited);
    await updateCard(db(), madeUnlimited, { limitLifetime: null });
    expect(await approve(request.id)).toEqual({ status: "approved" });
    await executeRequest(db(), request.id);
    expect(await orderedLimits(madeUnlimited)).toEqual([{ type: "limits", perTransaction: "6000", lifetime: null, before: { perTransaction: "5000", lifetime: null } }]);

    // Filed on an unlimited card: the holder asked for this lifetime limit, and it was weighed and approved as such.
    const unlimited = await card(null);
    const capped = await limitIncrease(unlimited);
    expect(await approve(capped.id)).toEqual({ status: "approved" });
    await executeRequest(db(), capped.id);
    expect(await orderedLimits(unlimited)).toEqual([{ type: "limits", perTransaction: "6000", lifetime: "30000", before: { perTransaction: "5000", lifetime: null } }]);
  });
});
