import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { findCard } from "@/db/queries/card-updates";
import { findOrder, hasOpenOrder, listOrdersNeedingReview } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { providerForAccount } from "@/lib/providers/for-account";
import { followOrder } from "./follow-order";
import { REVIEW_AFTER_MS } from "./order-deadline";
import { followOrderToEnd } from "@/test/follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  const db = database.db();
  await seedDemo(db, { sandboxUrl: sandbox.url });
  // Short timeouts so a hung request costs this test under a second.
  await db.update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || '{"timeoutMs": 400, "maxRetryMs": 1500}'::jsonb`, updatedAt: new Date() });
  for (const account of await listProviderAccounts(db)) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db)).failed).toEqual([]);
  // Loads what the adapters keep between calls (Card OPEN-API's BIN currencies), so each fault below hits the call it names.
  await syncAllCards(db);
});
afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => sandbox?.close());

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return response.json();
}
const fault = (body: Record<string, unknown>) => admin("POST", "/faults", body);

type SandboxState = { [provider: string]: { cards: { cardId: string; balance: string; status: unknown }[] } };
async function remoteCard(provider: string, providerCardId: string | null | undefined) {
  const state = (await admin("GET", "/state")) as SandboxState;
  return state[provider]!.cards.find((card) => card.cardId === providerCardId);
}

const followToEnd = async (orderId: string) => (await followOrderToEnd(database.db(), orderId));

const ISSUE = {
  cardopenapi: { kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", initialAmount: "15.00" },
  cardepass: { kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", initialAmount: "20" },
  nobepay: {
    kind: "nobepay",
    productId: "v_5bc814",
    initialAmount: "25.00",
    holderFirstName: "Eli",
    holderLastName: "Employee",
    street: "1 Main St",
    city: "Austin",
    state: "TX",
    zipCode: "73301",
  },
} as const;

async function issue(provider: keyof typeof ISSUE, alias: string) {
  const owner = await findUserByEmail(database.db(), "employee@demo.test");
  const parsed = issueCardSchema.parse({ ...ISSUE[provider], alias, accountId: accountIds[provider], ownerUserId: owner!.id });
  return issueCard(database.db(), await sessionUserFor(database.db(), "finance@demo.test"), TEST_META, parsed);
}

async function activeCard(provider: keyof typeof ISSUE, alias: string) {
  const issued = await issue(provider, alias);
  expect((await followToEnd(issued.orderId))?.status).toBe("completed");
  return issued.cardId;
}

async function change(cardId: string, body: Parameters<typeof requestCardChange>[4]) {
  return requestCardChange(database.db(), await sessionUserFor(database.db(), "finance@demo.test"), TEST_META, cardId, body);
}

describe("an unreadable answer to a status poll never fails the order (issue 11 reproduction)", () => {
  for (const provider of ["cardopenapi", "cardepass", "nobepay"] as const) {
    it(`${provider}: the order stays open, is asked again with backoff, and completes as the provider says`, async () => {
      const issued = await issue(provider, `Malformed poll ${provider}`);
      expect(issued.status).toBe("pending");
      await fault({ provider, failNext: 1, failMode: "malformed" });
      const afterFault = await followOrder(database.db(), issued.orderId);
      expect(afterFault).toMatchObject({ status: "pending", failureCode: null });
      expect(afterFault!.nextCheckAt!.getTime()).toBeGreaterThan(Date.now());
      expect(afterFault!.failureMessage).toMatch(/could not be read/);

      const order = await followToEnd(issued.orderId);
      expect(order?.status).toBe("completed");
      const card = await findCard(database.db(), issued.cardId);
      expect(card?.status).toBe("active");
      expect(await remoteCard(provider, card?.providerCardId)).toBeDefined();
      // The card came back once, as ours: a sync imports no unassigned twin of it.
      await syncAllCards(database.db());
      const twins = await database.db().select().from(cards).where(and(eq(cards.providerCardId, card!.providerCardId!), eq(cards.providerAccountId, accountIds[provider]!)));
      expect(twins).toHaveLength(1);
    });
  }
});

describe("a provider that says when to come back", () => {
  it("is not asked about the order before its Retry-After, even beyond the client's own retry budget", async () => {
    const issued = await issue("cardopenapi", "Rate limited poll");
    expect(issued.status).toBe("pending");
    await fault({ provider: "cardopenapi", failNext: 1, failStatus: 429, retryAfterSeconds: 600 });
    const before = Date.now();
    const afterFault = await followOrder(database.db(), issued.orderId);
    expect(afterFault).toMatchObject({ status: "pending", failureCode: null });
    expect(afterFault!.nextCheckAt!.getTime()).toBeGreaterThanOrEqual(before + 590_000);
  });
});

describe("NobePay top-ups and withdrawals whose answer was lost", () => {
  it("finds a top-up the provider carried out in the card's history, and never sends it again", async () => {
    const cardId = await activeCard("nobepay", "Lost top-up");
    const card = await findCard(database.db(), cardId);
    const before = await remoteCard("nobepay", card!.providerCardId);
    expect(before?.balance).toBe("25.00");

    await fault({ provider: "nobepay", failNext: 1, failMode: "malformed" });
    const started = await change(cardId, { type: "topup", amount: "7.50" });
    expect(started.status).toBe("created");
    const order = await followToEnd(started.orderId);
    expect(order).toMatchObject({ status: "completed", amount: 750n });
    for (let again = 0; again < 3; again += 1) await followOrder(database.db(), started.orderId);
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("32.50");
    expect((await findCard(database.db(), cardId))?.balance).toBe(3250n);
  });

  it("sends a top-up again only once the card's history shows the provider never carried it out", async () => {
    const cardId = await activeCard("nobepay", "Unsent top-up");
    const card = await findCard(database.db(), cardId);
    // A gateway error: the request never ran, and the adapter does not repeat a non-idempotent call by itself.
    await fault({ provider: "nobepay", failNext: 1, failMode: "status", failStatus: 502 });
    const started = await change(cardId, { type: "topup", amount: "5.00" });
    expect(started.status).toBe("created");
    // Straight after, the request might still be on its way: the history proves nothing yet, so nothing is resent.
    expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "created" });
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("25.00");
    await database.db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 120_000) }).where(eq(providerOrders.id, started.orderId));
    expect((await followToEnd(started.orderId))?.status).toBe("completed");
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("30.00");
  });

  it("tells a second top-up of the same amount from the first one", async () => {
    const cardId = await activeCard("nobepay", "Same amount twice");
    const card = await findCard(database.db(), cardId);
    const first = await change(cardId, { type: "topup", amount: "3.00" });
    expect(first.status).toBe("completed");
    await fault({ provider: "nobepay", failNext: 1, failMode: "status", failStatus: 503 });
    const second = await change(cardId, { type: "topup", amount: "3.00" });
    await database.db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 120_000) }).where(eq(providerOrders.id, second.orderId));
    expect((await followToEnd(second.orderId))?.status).toBe("completed");
    // 25 + 3 + 3: the earlier top-up's history entry was not mistaken for the lost one.
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("31.00");
  });

  it("does not take an earlier top-up of the same amount made at the provider directly for the lost one", async () => {
    const cardId = await activeCard("nobepay", "Topped up elsewhere");
    const card = await findCard(database.db(), cardId);
    // Someone tops the card up by $4.00 at NobePay itself, outside Cardhub.
    const provider = await providerForAccount(database.db(), accountIds.nobepay!);
    await provider.topUp({ cardId: card!.providerCardId!, customerOrderNo: "outside-cardhub-1", amount: { amount: 400n, currency: "USD" } });
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("29.00");
    // Later, Cardhub's own $4.00 top-up never runs (a gateway error), and its answer is lost.
    await fault({ provider: "nobepay", failNext: 1, failMode: "status", failStatus: 502 });
    const started = await change(cardId, { type: "topup", amount: "4.00" });
    expect(started.status).toBe("created");
    // As if it had been filed ten minutes after the outside top-up, and sent long enough ago to look it up.
    await database
      .db()
      .update(providerOrders)
      .set({ createdAt: new Date(Date.now() + 10 * 60_000), lastSubmittedAt: new Date(Date.now() - 600_000) })
      .where(eq(providerOrders.id, started.orderId));
    expect((await followToEnd(started.orderId))?.status).toBe("completed");
    // 25 + 4 outside + 4 sent again: the outside entry was not mistaken for Cardhub's.
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("33.00");
  });

  it("finds a withdrawal whose answer was unreadable", async () => {
    const cardId = await activeCard("nobepay", "Lost withdrawal");
    const card = await findCard(database.db(), cardId);
    await fault({ provider: "nobepay", failNext: 1, failMode: "malformed" });
    const started = await change(cardId, { type: "withdraw", amount: "4.00" });
    expect((await followToEnd(started.orderId))?.status).toBe("completed");
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("21.00");
  });
});

describe("a lost request whose provider answers from the card's state", () => {
  it("is not declared failed while the request may still arrive, then is sent again and done (Card OPEN-API freeze)", async () => {
    const cardId = await activeCard("cardopenapi", "Lost freeze");
    const card = await findCard(database.db(), cardId);
    await fault({ provider: "cardopenapi", failNext: 8, failMode: "hang" });
    const started = await change(cardId, { type: "freeze" });
    expect(started.status).toBe("created");
    await admin("DELETE", "/faults");
    // The card still reads active, but the freeze went out moments ago: nothing is concluded or sent again yet.
    expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "created" });
    expect((await remoteCard("cardopenapi", card!.providerCardId))?.status).toBe(2);
    await database.db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 120_000) }).where(eq(providerOrders.id, started.orderId));
    // Past the grace, the card still active shows the freeze never ran: it goes out again, as the page said it would.
    expect(await followToEnd(started.orderId)).toMatchObject({ status: "completed" });
    expect((await remoteCard("cardopenapi", card!.providerCardId))?.status).toBe(3);
    expect((await findCard(database.db(), cardId))?.status).toBe("frozen");
  });

  it("sends a NobePay cancellation that met a gateway error again once the card still reads active, and it is done", async () => {
    const cardId = await activeCard("nobepay", "Lost cancellation");
    await fault({ provider: "nobepay", errorRate: 1 });
    const started = await change(cardId, { type: "cancel" });
    expect(started.status).toBe("created");
    await admin("DELETE", "/faults");
    await database.db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 120_000) }).where(eq(providerOrders.id, started.orderId));
    expect(await followToEnd(started.orderId)).toMatchObject({ status: "completed" });
    expect((await findCard(database.db(), cardId))?.status).toBe("cancelled");
  });
});

describe("past the review deadline", () => {
  const ageOrder = (orderId: string) =>
    database.db().update(providerOrders).set({ createdAt: new Date(Date.now() - REVIEW_AFTER_MS - 60_000) }).where(eq(providerOrders.id, orderId));

  it("marks an order whose answer stays unreadable 'needs review', audited, keeps the card locked, then settles it when the provider answers", async () => {
    const issued = await issue("cardopenapi", "Long silence");
    await ageOrder(issued.orderId);
    await fault({ provider: "cardopenapi", failNext: 1, failMode: "malformed" });
    const reviewed = await followOrder(database.db(), issued.orderId);
    expect(reviewed).toMatchObject({ status: "needs_review", failureCode: "needs_review" });
    expect(await hasOpenOrder(database.db(), issued.cardId)).toBe(true);
    const [audit] = await database.db().select().from(auditLog).where(eq(auditLog.targetId, issued.cardId)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "order.needs_review", summary: { orderId: issued.orderId, previousStatus: "pending", why: "deadline" } });
    expect(reviewed?.failureMessage).toMatch(/more than 6 hours/);

    const organizationId = (await sessionUserFor(database.db(), "finance@demo.test")).organizationId;
    const shown = await listOrdersNeedingReview(database.db(), { organizationId, visibility: { all: true }, limit: 50 });
    expect(shown.map((order) => order.id)).toContain(issued.orderId);
    expect(shown.find((order) => order.id === issued.orderId)?.card?.alias).toBe("Long silence");

    expect((await followToEnd(issued.orderId))?.status).toBe("completed");
    expect((await findCard(database.db(), issued.cardId))?.status).toBe("active");
    expect((await listOrdersNeedingReview(database.db(), { organizationId, visibility: { all: true }, limit: 50 })).map((order) => order.id)).not.toContain(issued.orderId);
  });

  it("fails an order in review only when the provider's records show it never arrived", async () => {
    const cardId = await activeCard("nobepay", "Never arrived");
    const card = await findCard(database.db(), cardId);
    await fault({ provider: "nobepay", failNext: 1, failMode: "status", failStatus: 500 });
    const started = await change(cardId, { type: "topup", amount: "2.00" });
    await ageOrder(started.orderId);
    expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "needs_review" });
    await database.db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 120_000) }).where(eq(providerOrders.id, started.orderId));
    const failed = await followOrder(database.db(), started.orderId);
    expect(failed).toMatchObject({ status: "failed", failureCode: "no_record_at_provider" });
    expect((await remoteCard("nobepay", card!.providerCardId))?.balance).toBe("25.00");
    expect(await findOrder(database.db(), started.orderId)).toMatchObject({ status: "failed" });
  });
});
