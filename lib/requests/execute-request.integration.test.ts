import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents, updateRequest } from "@/db/queries/requests";
import { replaceAccountBalances } from "@/db/queries/funding";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { fundingBalances } from "@/db/schema/funding-balances";
import { teamMemberships } from "@/db/schema/teams";
import { users } from "@/db/schema/users";
import { cards } from "@/db/schema/cards";
import { notifications } from "@/db/schema/notifications";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { executeRequestJob, sweepRequestsJob } from "@/lib/jobs/execute-request-job";
import { followOrder } from "@/lib/orders/follow-order";
import { isFinal } from "@/lib/orders/settle-order";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { notifyAboutRequest } from "@/lib/notifications/notify";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { executionKey } from "./execution-key";
import { failureOrigin } from "./failure-origin";
import { retryRequest } from "./retry-request";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: jobs the code enqueues are collected, and the tests run them (or "lose" them).
const enqueued = vi.hoisted(() => [] as { name: string; data: { requestId?: string; orderId?: string } }[]);
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async (name: string, data: { requestId?: string }) => void enqueued.push({ name, data }) }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  // Short provider timeouts, so an injected hang is a timeout in a fraction of a second.
  await db().update(providerAccounts).set({ settings: { timeoutMs: 300, maxRetryMs: 700 } }).where(eq(providerAccounts.provider, "cardepass"));
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const faults = (body: unknown) => fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const clearFaults = () => fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
const sandboxCards = async () => ((await (await fetch(`${sandbox.url}/_sandbox/card-secrets`)).json()) as { cards: { provider: string; cardId: string }[] }).cards;

async function requestStandardCard(alias: string, amount = "50") {
  const employee = await as("employee");
  const input = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: accountIds.cardepass, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: amount, tags: [] },
  });
  return (await createRequest(db(), employee, TEST_META, input)).requestId;
}


async function ordersFor(requestId: string) {
  const request = await findRequest(db(), requestId);
  const keys = Array.from({ length: request!.executionAttempt }, (_, index) => executionKey(requestId, index + 1));
  return db().select().from(providerOrders).where(inArray(providerOrders.id, keys));
}

describe("executing an approved request through the order path", () => {
  it("issues the card to the requester and their team, keyed by the request id", async () => {
    const requestId = await requestStandardCard("Request card");
    await approveAll(db(), requestId);
    const done = await executeToEnd(db(), requestId);
    expect(done).toMatchObject({ status: "done", orderId: requestId });
    const order = await findOrder(db(), requestId);
    expect(order).toMatchObject({ status: "completed", type: "issue", amount: 5000n });
    const card = await findCard(db(), done.cardId!);
    const employee = await as("employee");
    expect(card).toMatchObject({ status: "active", ownerUserId: employee.id, teamId: employee.teamIds[0], alias: "Request card" });
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created", "approved", "executing", "executed"]);
    const [executed] = await db().select({ value: count() }).from(auditLog).where(and(eq(auditLog.action, "request.executed"), eq(auditLog.targetId, requestId)));
    expect(executed!.value).toBe(1);
    // The card's rows name the request they carried out, so the log reads them as Cardhub's work, not the approver's.
    const cardRows = await db().select({ action: auditLog.action, summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.targetType, "card"), eq(auditLog.targetId, card!.id))).orderBy(auditLog.id);
    expect(cardRows.filter((row) => row.action === "order.created" || row.action === "card.issued").map((row) => [row.action, row.summary.forRequest])).toEqual([
      ["order.created", requestId],
      ["card.issued", requestId],
    ]);
  });

  it("makes one order and one card when three workers execute the same request at once", async () => {
    const before = (await sandboxCards()).length;
    const requestId = await requestStandardCard("Raced card");
    await approveAll(db(), requestId);
    await Promise.all([executeRequest(db(), requestId), executeRequest(db(), requestId), executeRequest(db(), requestId)]);
    const done = await executeToEnd(db(), requestId);
    expect(done.status).toBe("done");
    expect(await ordersFor(requestId)).toHaveLength(1);
    const [rows] = await db().select({ value: count() }).from(cards).where(eq(cards.alias, "Raced card"));
    expect(rows!.value).toBe(1);
    expect((await sandboxCards()).length).toBe(before + 1);
  });

  it("survives a provider timeout: the order stays open, is resent with the same key, and issues once", async () => {
    const before = (await sandboxCards()).length;
    const requestId = await requestStandardCard("Timeout card");
    await approveAll(db(), requestId);
    await faults({ provider: "cardepass", failNext: 4, failMode: "hang" });
    const first = await executeRequest(db(), requestId);
    expect(first.request?.status).toBe("executing");
    expect(first.recheckAt).not.toBeNull();
    const open = await findOrder(db(), requestId);
    expect(open && isFinal(open)).toBe(false);
    await clearFaults();
    const done = await executeToEnd(db(), requestId);
    expect(done.status).toBe("done");
    expect(await ordersFor(requestId)).toHaveLength(1);
    expect((await sandboxCards()).length).toBe(before + 1);
  });

  it("survives an answer lost after the provider acted (malformed reply): still one card", async () => {
    const before = (await sandboxCards()).length;
    const requestId = await requestStandardCard("Lost answer card");
    await approveAll(db(), requestId);
    await faults({ provider: "cardepass", failNext: 1, failMode: "malformed" });
    const done = await executeToEnd(db(), requestId);
    await clearFaults();
    expect(done.status).toBe("done");
    expect((await sandboxCards()).length).toBe(before + 1);
  });

  it("survives a worker crash between approval and execution: the sweep finds the approved request", async () => {
    const requestId = await requestStandardCard("Crash card");
    enqueued.length = 0;
    await approveAll(db(), requestId);
    // The execute job was enqueued but the worker died before running it: the job is lost.
    expect(enqueued.filter((job) => job.name === "requests.execute")).toHaveLength(1);
    enqueued.length = 0;
    await updateRequest(db(), requestId, { nextCheckAt: new Date(Date.now() - 60_000) });
    await sweepRequestsJob.run({}, db());
    expect(enqueued).toContainEqual({ name: "requests.execute", data: { requestId } });
    await executeRequestJob.run({ requestId }, db());
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await ordersFor(requestId)).toHaveLength(1);
  });

  it("survives a crash after the order was placed: a later run follows that order instead of placing another", async () => {
    const before = (await sandboxCards()).length;
    const requestId = await requestStandardCard("Half-done card");
    await approveAll(db(), requestId);
    const first = await executeRequest(db(), requestId);
    expect(first.request?.status).toBe("executing");
    // The worker dies here; its follow-up jobs are lost. After the lease, the sweep drives it again.
    enqueued.length = 0;
    await updateRequest(db(), requestId, { nextCheckAt: new Date(Date.now() - 60_000) });
    await sweepRequestsJob.run({}, db());
    expect(enqueued.some((job) => job.data.requestId === requestId)).toBe(true);
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await ordersFor(requestId)).toHaveLength(1);
    expect((await sandboxCards()).length).toBe(before + 1);
  });
});

describe("failures and retries", () => {
  it("fails with the provider's reason in words; a retry after that refusal gets a new key derived from the request", async () => {
    const requestId = await requestStandardCard("Too big", "9999999");
    await approveAll(db(), requestId);
    const failed = await executeToEnd(db(), requestId);
    expect(failed.status).toBe("failed");
    expect(failed.failureMessage).toMatch(/not enough money/i);
    expect(await failureOrigin(db(), failed)).toBe("provider");
    await expect(retryRequest(db(), await as("employee"), TEST_META, { requestId })).rejects.toMatchObject({ code: "forbidden" });
    const retried = await retryRequest(db(), await as("finance"), TEST_META, { requestId });
    expect(retried.orderKey).toBe(executionKey(requestId, 2));
    expect(retried.orderKey).not.toBe(requestId);
    expect(executionKey(requestId, 2)).toBe(retried.orderKey);
    expect((await executeToEnd(db(), requestId)).status).toBe("failed");
    const orders = await ordersFor(requestId);
    expect(orders.map((order) => order.id).sort()).toEqual([requestId, executionKey(requestId, 2)].sort());
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toContain("retried");
  });

  it("reuses the request's key when the earlier run placed no order (the card was frozen meanwhile)", async () => {
    const employee = await as("employee");
    const issued = await executeToEnd(db(), await (async () => {
      const id = await requestStandardCard("Top-up target");
      await approveAll(db(), id);
      return id;
    })());
    const cardId = issued.cardId!;
    const input = createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "More travel" });
    const { requestId } = await createRequest(db(), employee, TEST_META, input);
    await approveAll(db(), requestId);
    await updateCard(db(), cardId, { status: "frozen" });
    const failed = await executeToEnd(db(), requestId);
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.failureMessage).toMatch(/active card/);
    expect(await findOrder(db(), requestId)).toBeNull();
    // Cardhub's own check refused it: the page must not say the provider did.
    expect(await failureOrigin(db(), failed)).toBe("cardhub");
    await updateCard(db(), cardId, { status: "active" });
    const retried = await retryRequest(db(), await as("finance"), TEST_META, { requestId });
    expect(retried.orderKey).toBe(requestId);
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await findOrder(db(), requestId)).toMatchObject({ status: "completed", type: "topup", amount: 2000n });
    expect((await findCard(db(), cardId))?.balance).toBe(7000n);
  });

  it("unfreezes an employee's frozen card once approved", async () => {
    const employee = await as("employee");
    const issued = await executeToEnd(db(), await (async () => {
      const id = await requestStandardCard("Frozen card");
      await approveAll(db(), id);
      return id;
    })());
    const freeze = await requestCardChange(db(), await as("finance"), TEST_META, issued.cardId!, { type: "freeze" });
    for (let step = 0; step < 100 && !isFinal((await followOrder(db(), freeze.orderId))!); step += 1) await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await findCard(db(), issued.cardId!))?.status).toBe("frozen");
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId: issued.cardId, purpose: "Trip starts Monday" }));
    await approveAll(db(), requestId);
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect((await findCard(db(), issued.cardId!))?.status).toBe("active");
    const unfrozen = await db().select({ summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.action, "card.unfrozen"), eq(auditLog.targetId, issued.cardId!)));
    expect(unfrozen.map((row) => row.summary.forRequest)).toEqual([requestId]);
    // Finance's own freeze, placed in the dialog, names no request.
    const frozen = await db().select({ summary: auditLog.summary }).from(auditLog).where(and(eq(auditLog.action, "card.frozen"), eq(auditLog.targetId, issued.cardId!)));
    expect(frozen.map((row) => row.summary.forRequest)).toEqual([undefined]);
  });
});

/** Who was told what of a request's failed attempt, by email, in code-unit order ("finance2@" before "finance@"). */
async function failureNotices(requestId: string, attempt = 1) {
  const rows = await db()
    .select({ to: users.email, title: notifications.title, body: notifications.body })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.recipientUserId))
    .where(inArray(notifications.eventKey, [`request:${requestId}:attempt:${attempt}:failed`, `request:${requestId}:attempt:${attempt}:funding_short`]));
  return rows.sort((a, b) => (a.to < b.to ? -1 : 1));
}

describe("notifications", () => {
  it("tell the people who approved a request that failed, with the reason, at each failed attempt", async () => {
    const requestId = await requestStandardCard("Approved then refused", "9999999");
    await approveAll(db(), requestId);
    expect((await executeToEnd(db(), requestId)).status).toBe("failed");
    const told = await failureNotices(requestId);
    expect(told.map((notice) => [notice.to, notice.title])).toEqual([
      ["employee@demo.test", "Your request failed"],
      ["finance@demo.test", "A request you approved failed"],
      ["manager@demo.test", "A request you approved failed"],
    ]);
    expect(told[1]!.body).toMatch(/^New card with \$9,999,999\.00 · “Approved then refused”, for Eli Employee: .*not enough money/i);
    await retryRequest(db(), await as("finance"), TEST_META, { requestId });
    expect((await executeToEnd(db(), requestId)).status).toBe("failed");
    expect((await failureNotices(requestId, 2)).map((notice) => notice.to)).toEqual(["employee@demo.test", "finance@demo.test", "manager@demo.test"]);
  });

  it("leave out an approver who may no longer open the request (no longer its team's manager)", async () => {
    const requestId = await requestStandardCard("Approver moved on", "9999999");
    await approveAll(db(), requestId);
    const manager = await as("manager");
    const stepDown = (isManager: boolean) => db().update(teamMemberships).set({ isManager }).where(eq(teamMemberships.userId, manager.id));
    await stepDown(false);
    try {
      expect((await executeToEnd(db(), requestId)).status).toBe("failed");
    } finally {
      await stepDown(true);
    }
    expect((await failureNotices(requestId)).map((notice) => notice.to)).toEqual(["employee@demo.test", "finance@demo.test"]);
  });

  it("tell finance of a funding shortfall once, with its figures, and the team's manager who approved it in words without them", async () => {
    const issued = await executeToEnd(db(), await (async () => {
      const id = await requestStandardCard("Short-funded card");
      await approveAll(db(), id);
      return id;
    })());
    const { requestId } = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: issued.cardId, amount: "1500", purpose: "Trade fair" }));
    await approveAll(db(), requestId);
    const stored = await db().select().from(fundingBalances).where(eq(fundingBalances.providerAccountId, accountIds.cardepass!));
    // The account's stored USD balance: $1.00, short of the $1,500.00 top-up.
    await replaceAccountBalances(db(), { providerAccountId: accountIds.cardepass!, readings: [{ scope: "", currency: "USD", label: null, available: 100n, frozen: 0n, total: 100n }], at: new Date() });
    try {
      expect((await executeToEnd(db(), requestId)).status).toBe("failed");
    } finally {
      await db().delete(fundingBalances).where(eq(fundingBalances.providerAccountId, accountIds.cardepass!));
      if (stored.length > 0) await db().insert(fundingBalances).values(stored);
    }
    const told = await failureNotices(requestId);
    expect(told.map((notice) => [notice.to, notice.title])).toEqual([
      ["employee@demo.test", "Your request failed"],
      ["finance2@demo.test", "A request failed: the funding account is short"],
      ["finance@demo.test", "A request failed: the funding account is short"],
      ["manager@demo.test", "A request you approved failed"],
    ]);
    expect(told[1]!.body).toContain("$1.00");
    for (const notice of [told[0]!, told[3]!]) expect(notice.body).not.toContain("$1.00");
  });


  it("are unique per event and recipient, whatever sends them twice", async () => {
    const requestId = await requestStandardCard("Notified card");
    const employee = await as("employee");
    const notice = { organizationId: employee.organizationId, requestId, kind: "request.done" as const, event: "attempt:9:done", recipients: [employee.id, employee.id], title: "t", body: "b" };
    expect(await notifyAboutRequest(db(), notice)).toBe(1);
    expect(await notifyAboutRequest(db(), notice)).toBe(0);
    await expect(
      db().insert(notifications).values({ organizationId: employee.organizationId, recipientUserId: employee.id, eventKey: `request:${requestId}:attempt:9:done`, kind: "request.done", title: "t", body: "b", href: "/" }),
    ).rejects.toThrow();
    const manager = await as("manager");
    const [needs] = await db().select({ value: count() }).from(notifications).where(and(eq(notifications.recipientUserId, manager.id), eq(notifications.eventKey, `request:${requestId}:step:0:needs_you`)));
    expect(needs!.value).toBe(1);
    await approveAll(db(), requestId);
    await executeToEnd(db(), requestId);
    // Executing a finished request again (a duplicate job) adds nothing.
    await executeRequest(db(), requestId);
    const mine = await db().select().from(notifications).where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.eventKey, `request:${requestId}:attempt:1:done`)));
    expect(mine).toHaveLength(1);
    // Named by the card asked for, and leading to the card it became rather than to the finished request.
    const issued = await findRequest(db(), requestId);
    expect(mine[0]).toMatchObject({ body: "New card with $50.00 · “Notified card”", href: `/cards/${issued!.cardId}` });
    const [approved] = await db().select({ value: count() }).from(notifications).where(and(eq(notifications.recipientUserId, employee.id), eq(notifications.kind, "request.approved"), eq(notifications.eventKey, `request:${requestId}:approved`)));
    expect(approved!.value).toBe(1);
  });
});
