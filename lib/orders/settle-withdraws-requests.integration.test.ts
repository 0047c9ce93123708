/**
 * A completed cancellation, unfreeze, activation or limits change withdraws the card's waiting requests it closes or
 * makes moot in the very transaction that settles the order: there is no moment at which the order is final and those
 * requests still wait, so a worker that dies right after the commit, or a failure in the withdrawal, leaves nothing
 * open for good (a failed withdrawal leaves the order open, and whoever follows it next settles it whole).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import type { Order, OrderType } from "@/lib/providers";
import type { CardStatus } from "@/lib/providers/types";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { prepaidCardInStatus } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { afterOrderEnded } from "./after-order-ended";
import { isFinal, settleOrder } from "./settle-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let cardepassAccountId = "";

beforeAll(async () => {
  // Nothing here may reach a provider: settling must not depend on one.
  accountId = await seedOfflineDemoFailingFast(db());
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** A Card OPEN-API card of the employee's, written straight into the table, holding 100.00. */
const employeeCard = async (status: CardStatus) => prepaidCardInStatus(db(), { user: await as("employee"), providerAccountId: accountId, status });

async function file(input: Record<string, unknown>): Promise<string> {
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse(input));
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending" });
  return requestId;
}

/** Finance's own order on the card, written and sent: what settling it decides is all that is left. */
async function financeOrder(cardId: string, type: OrderType, request: Record<string, unknown> = {}, providerAccountId = accountId): Promise<string> {
  const finance = await as("finance");
  const order = await insertOrder(db(), {
    organizationId: finance.organizationId,
    providerAccountId,
    cardId,
    type,
    currency: "USD",
    request: { type, ...request },
    status: "pending",
    createdByUserId: finance.id,
  });
  return order.id;
}

const completed = (type: OrderType, provider: Order["provider"] = "cardopenapi"): Order => ({
  provider,
  type,
  status: "completed",
  providerStatus: "2",
  providerOrderId: `P-${crypto.randomUUID()}`,
  customerOrderNo: null,
  failureReason: null,
  cardIds: [],
  amount: null,
  fee: null,
  total: null,
  createdAt: null,
  completedAt: new Date(),
});

const withdrawalNotices = (requestId: string) =>
  db().select().from(notifications).where(and(eq(notifications.kind, "request.withdrawn"), eq(notifications.href, `/requests/${requestId}`)));

describe("settling an order that closes a card or makes its requests moot withdraws them in the same commit", () => {
  it("a completed cancellation withdraws the card's waiting top-up in the canceller's name, with nothing run after the commit", async () => {
    const cardId = await employeeCard("active");
    const requestId = await file({ kind: "top_up", cardId, amount: "20", purpose: "Taxi" });
    const orderId = await financeOrder(cardId, "cancel");

    // The order's commit, and nothing after it: the worker dies before afterOrderEnded.
    await settleOrder(db(), orderId, completed("cancel"));

    expect(await findCard(db(), cardId)).toMatchObject({ status: "cancelled" });
    expect(await findRequest(db(), requestId), "the top-up on the cancelled card should be withdrawn with the settlement").toMatchObject({ status: "cancelled", awaiting: null });
    const finance = await as("finance");
    expect((await listRequestEvents(db(), requestId)).at(-1)).toMatchObject({
      type: "cancelled",
      actorUserId: finance.id,
      comment: "Withdrawn: The card was cancelled, so this request can no longer be carried out.",
    });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(audit).toMatchObject({ actorUserId: finance.id, summary: { reason: "card_closed", wasStatus: "pending" } });
    expect(await withdrawalNotices(requestId)).toHaveLength(1);

    // The step after the commit, when it does run, and a second settlement of the same answer, tell nobody twice.
    await afterOrderEnded(db(), (await findOrder(db(), orderId))!);
    await settleOrder(db(), orderId, completed("cancel"));
    expect(await withdrawalNotices(requestId)).toHaveLength(1);
  });

  it("a completed unfreeze withdraws the card's waiting unfreeze request as no longer needed", async () => {
    const cardId = await employeeCard("frozen");
    const unfreeze = await file({ kind: "unfreeze", cardId, purpose: "Found it" });
    const orderId = await financeOrder(cardId, "unfreeze");

    await settleOrder(db(), orderId, completed("unfreeze"));

    expect(await findRequest(db(), unfreeze), "the unfreeze request should be withdrawn with the settlement").toMatchObject({ status: "cancelled" });
    expect((await listRequestEvents(db(), unfreeze)).at(-1)).toMatchObject({ comment: "Withdrawn: The card is already unfrozen, so this request is no longer needed." });
    expect(await withdrawalNotices(unfreeze)).toHaveLength(1);
  });

  it("a completed limits change withdraws a limit increase its new limits meet", async () => {
    const employee = await as("employee");
    const card = await insertCard(db(), {
      organizationId: employee.organizationId,
      providerAccountId: cardepassAccountId,
      providerCardId: `moot-${crypto.randomUUID()}`,
      cardModel: "sharebalance",
      ownerUserId: employee.id,
      teamId: employee.teamIds[0] ?? null,
      alias: "Ads card",
      currency: "USD",
      status: "active",
      limitPerTransaction: 5_000n,
      limitLifetime: 20_000n,
      limitUsed: 0n,
    });
    const increase = await file({ kind: "limit_increase", cardId: card.id, perTransactionLimit: "80", lifetimeLimit: "500", purpose: "Campaign" });
    const orderId = await financeOrder(card.id, "limits", { perTransaction: "10000", lifetime: "100000" }, cardepassAccountId);

    await settleOrder(db(), orderId, completed("limits", "cardepass"));

    expect(await findRequest(db(), increase), "the limit increase the new limits meet should be withdrawn with the settlement").toMatchObject({ status: "cancelled" });
  });

  it("a withdrawal that fails leaves the order open, and the next settlement completes both", async () => {
    const cardId = await employeeCard("active");
    const requestId = await file({ kind: "top_up", cardId, amount: "20", purpose: "Taxi" });
    const orderId = await financeOrder(cardId, "cancel");

    // The database refuses the withdrawal's timeline row for a moment (a blip, a lock or statement timeout).
    const during = await whileInsertsRefused(db(), "card_request_events", "transient refusal", () =>
      settleOrder(db(), orderId, completed("cancel")).then(
        () => "settled",
        () => "refused",
      ),
    );
    const order = await findOrder(db(), orderId);
    expect({ during, final: order ? isFinal(order) : null, request: (await findRequest(db(), requestId))?.status }, "the order is not final while its requests still wait").toEqual({
      during: "refused",
      final: false,
      request: "pending",
    });
    expect(await findCard(db(), cardId)).toMatchObject({ status: "active" });

    // Whoever follows the order next (the follow-up job, reconcile) settles it, whole.
    await settleOrder(db(), orderId, completed("cancel"));
    expect(await findOrder(db(), orderId)).toMatchObject({ status: "completed" });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect(await withdrawalNotices(requestId)).toHaveLength(1);
  });
});

