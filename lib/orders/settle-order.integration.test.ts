import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findCard, insertCard, updateCard } from "@/db/queries/card-updates";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { providerOrders } from "@/db/schema/provider-orders";
import { cardRequestEvents } from "@/db/schema/requests";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { applyRemoteCard } from "@/lib/cards/sync-card";
import type { Card, Order, OrderType } from "@/lib/providers";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { settleOrder } from "./settle-order";

const database = withTestDatabase();
let accountId: string;
let organizationId: string;

beforeAll(async () => {
  // No provider is reachable: settling must not depend on one.
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  accountId = (await listProviderAccounts(database.db()))[0]!.id;
  organizationId = (await sessionUserFor(database.db(), "finance@demo.test")).organizationId;
});

async function cardWithOrder(type: OrderType, request: Record<string, unknown>, status: "active" | "frozen" = "active") {
  const card = await insertCard(database.db(), {
    organizationId,
    providerAccountId: accountId,
    providerCardId: `remote-${type}-${Math.random()}`,
    cardModel: "sharebalance",
    alias: `Settle ${type}`,
    currency: "USD",
    status,
    limitPerTransaction: 1000n,
    limitLifetime: 5000n,
  });
  const order = await insertOrder(database.db(), { organizationId, providerAccountId: accountId, cardId: card.id, type, currency: "USD", request: { type, ...request }, status: "pending" });
  return { card, order };
}

const completed = (type: OrderType): Order => ({
  provider: "cardepass",
  type,
  status: "completed",
  providerStatus: "Completed",
  providerOrderId: "P-1",
  customerOrderNo: null,
  failureReason: null,
  cardIds: [],
  amount: null,
  fee: null,
  total: null,
  createdAt: null,
  completedAt: new Date(),
});

describe("a completed order changes the card as the provider confirmed, without waiting for a card refresh", () => {
  it("freeze, unfreeze and cancel set the card's status", async () => {
    for (const [type, from, to] of [["freeze", "active", "frozen"], ["unfreeze", "frozen", "active"], ["cancel", "active", "cancelled"]] as const) {
      const { card, order } = await cardWithOrder(type, {}, from);
      await settleOrder(database.db(), order.id, completed(type));
      expect((await findCard(database.db(), card.id))?.status).toBe(to);
    }
  });

  it("a limit change stores the new limits (unlimited lifetime as none)", async () => {
    const { card, order } = await cardWithOrder("limits", { perTransaction: "25050", lifetime: null });
    await settleOrder(database.db(), order.id, completed("limits"));
    expect(await findCard(database.db(), card.id)).toMatchObject({ limitPerTransaction: 25050n, limitLifetime: null });
  });

  it("a failed order leaves the card as it was", async () => {
    const { card, order } = await cardWithOrder("freeze", {});
    await settleOrder(database.db(), order.id, { ...completed("freeze"), status: "failed", failureReason: "no" });
    expect((await findCard(database.db(), card.id))?.status).toBe("active");
  });

  it("a failure read from the card's state (accepted, the card never changed) is recorded as not carried out, not as the provider's refusal", async () => {
    const { order } = await cardWithOrder("freeze", {});
    await settleOrder(database.db(), order.id, { ...completed("freeze"), status: "failed", failureReason: "Card OPEN-API still reports the card as active (status 2).", fromCardState: true });
    expect(await findOrder(database.db(), order.id)).toMatchObject({ status: "failed", failureCode: "card_not_changed" });
    const [row] = await database.db().select().from(auditLog).where(and(eq(auditLog.action, "order.failed"), sql`${auditLog.summary}->>'orderId' = ${order.id}`));
    expect(row?.summary).toMatchObject({ failureCode: "card_not_changed" });
    const refused = await cardWithOrder("freeze", {});
    await settleOrder(database.db(), refused.order.id, { ...completed("freeze"), status: "failed", failureReason: "no" });
    expect(await findOrder(database.db(), refused.order.id)).toMatchObject({ failureCode: "provider_failed" });
  });
});

describe("an order's fee in another currency than the order's", () => {
  it("is kept with its own currency, pending or completed (the order settles; nothing read as the order's currency)", async () => {
    for (const status of ["pending", "completed"] as const) {
      const { order } = await cardWithOrder("topup", { amount: "1000" });
      const result: Order = { ...completed("topup"), status, fee: { amount: 25n, currency: "EUR" } };
      await settleOrder(database.db(), order.id, result);
      expect(await findOrder(database.db(), order.id), status).toMatchObject({ status, currency: "USD", fee: 25n, feeCurrency: "EUR" });
    }
  });

  it("in the order's currency is kept", async () => {
    const { order } = await cardWithOrder("topup", { amount: "1000" });
    await settleOrder(database.db(), order.id, { ...completed("topup"), fee: { amount: 25n, currency: "USD" } });
    expect(await findOrder(database.db(), order.id)).toMatchObject({ status: "completed", fee: 25n, feeCurrency: "USD" });
  });
});

describe("a provider's view of the card read while an order was in flight", () => {
  /** What the provider answers for the card: its status and balance, the rest as a card read has it. */
  const remoteView = (card: { providerCardId: string | null }, status: Card["status"], balance: bigint): Card => ({
    provider: "cardepass", providerCardId: card.providerCardId!, maskedNumber: null, last4: null, status, providerStatus: status, model: "sharebalance", currency: "USD",
    balance: { amount: balance, currency: "USD" }, limits: null, totalFunded: null, totalSpent: null, holderName: null, alias: null, productId: null, brand: null,
    expiryMonth: null, expiryYear: null, tags: [], customerRef: null, holderId: null, issueOrderRef: null, createdAt: null, activatedAt: null,
  });

  it("read before a top-up completed, is not stored over it; a read after it is", async () => {
    const { card, order } = await cardWithOrder("topup", { amount: "1000" });
    await updateCard(database.db(), card.id, { balance: 5000n });
    const readAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await settleOrder(database.db(), order.id, completed("topup"));
    // The stale view (the balance before the top-up) arrives after the order's end: refused.
    expect(await applyRemoteCard(database.db(), { ...card, status: "active" }, remoteView(card, "active", 5000n), readAt)).toBe(false);
    expect(await applyRemoteCard(database.db(), { ...card, status: "active" }, remoteView(card, "active", 6000n), new Date())).toBe(true);
    expect((await findCard(database.db(), card.id))?.balance).toBe(6000n);
  });

  it("finding the card cancelled while the cancellation is pending, is stored; the order still records the balance the card held", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const employee = await sessionUserFor(database.db(), "employee@demo.test");
    const { card, order } = await cardWithOrder("cancel", { balanceWhenPlaced: "15000" });
    await database.db().update(providerOrders).set({ createdByUserId: finance.id }).where(eq(providerOrders.id, order.id));
    await updateCard(database.db(), card.id, { cardModel: "prepaid", balance: 15_000n, ownerUserId: employee.id, teamId: employee.teamIds[0] ?? null });
    const { requestId } = await createRequest(database.db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: card.id, amount: "20.00", purpose: "settle race" }));
    // The provider finished the cancel (the balance back to the wallet) before the poller saw the order end: the card
    // sync stores what the provider shows, and the card's request is withdrawn in the name of whoever cancelled it.
    expect(await applyRemoteCard(database.db(), { ...card, status: "active" }, remoteView(card, "cancelled", 0n), new Date())).toBe(true);
    expect(await findCard(database.db(), card.id)).toMatchObject({ status: "cancelled", balance: 0n });
    const [withdrawn] = await database.db().select().from(cardRequestEvents).where(and(eq(cardRequestEvents.requestId, requestId), eq(cardRequestEvents.type, "cancelled")));
    expect(withdrawn?.actorUserId).toBe(finance.id);

    const settled = await settleOrder(database.db(), order.id, completed("cancel"));
    expect(settled?.cancelBalance).toMatchObject({ kind: "last_known", amount: "15000" });
  });
});
