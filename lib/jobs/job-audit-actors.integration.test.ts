/**
 * Every audit row a job writes without a person names the job, as `job:<its pg-boss queue>` (DESIGN.md: "a job
 * (named) … nothing acts anonymously"), and a row it writes for a person (an order an approver set going) stays that
 * person's. Each job here is run as the worker runs it (runJob). The same code outside a job (a web request refreshing
 * a card after its order) names no job: the name comes from the job that runs it, never from a guess.
 * From review audit41, finding 3.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findOrder } from "@/db/queries/provider-orders";
import { findRequest } from "@/db/queries/requests";
import { findUserById } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { syncCard } from "@/lib/cards/sync-card";
import { isFinal } from "@/lib/orders/settle-order";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { providerForAccount } from "@/lib/providers/for-account";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { executeRequestJob } from "./execute-request-job";
import { followOrderJob } from "./follow-order-job";
import { runJob } from "./run-job";
import { syncCardsJob } from "./sync-cards-job";
import { syncTransactionsJob } from "./sync-transactions-job";

// pg-boss is not running here: what the jobs queue next is dropped, and each test runs the job it is about.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  // Orders stay open for a moment at the provider, so a test can leave one to the follow-up job.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
}, 120_000);
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const pause = () => new Promise((resolve) => setTimeout(resolve, 30));

async function lastAuditId(): Promise<bigint> {
  return BigInt((await db().execute<{ max: string }>(sql`select coalesce(max(id), 0)::text as max from audit_log`)).rows[0]!.max);
}

/** The audit rows of `action` written after `since` (about `targetId`, when given), oldest first. */
const rowsSince = (since: bigint, action: string, targetId?: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, since), eq(auditLog.action, action), targetId ? eq(auditLog.targetId, targetId) : undefined))
    .orderBy(auditLog.id);

/** What every row a job writes without a person holds: the job by name, no person, no roles. */
const writtenBy = (queue: string) => ({ actorUserId: null, actorEmail: `job:${queue}`, actorRoles: [] });

/** Runs the request executor as the worker would, one run per job, until the request is no longer being carried out. */
async function executeByJob(requestId: string) {
  for (let run = 0; run < 200; run += 1) {
    await runJob(executeRequestJob, { requestId }, db());
    const request = await findRequest(db(), requestId);
    if (request && request.status !== "approved" && request.status !== "executing") return request;
    await pause();
  }
  throw new Error("the request was never carried out");
}

/** An approved request for a Cardepass Standard card for Eli, carried out by the executor job; returns the card's id. */
async function cardIssuedByRequest(alias: string): Promise<{ requestId: string; cardId: string }> {
  const input = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: accountIds.cardepass, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "50", tags: [] },
  });
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, input);
  await approveAll(db(), requestId);
  const done = await executeByJob(requestId);
  expect(done).toMatchObject({ status: "done" });
  return { requestId, cardId: done.cardId! };
}

describe("the rows jobs write name the job", () => {
  it("cards.sync: each card it imports is on record in the card sync's name", async () => {
    const since = await lastAuditId();
    await runJob(syncCardsJob, {}, db());
    const imported = await rowsSince(since, "card.imported");
    expect(imported.length).toBeGreaterThan(0);
    for (const row of imported) expect(row).toMatchObject(writtenBy("cards.sync"));
  });

  it("requests.execute: carrying out a request and withdrawing one are the executor's; the order stays the approver's", async () => {
    const since = await lastAuditId();
    const { requestId, cardId } = await cardIssuedByRequest("Executed by job");
    const [executed] = await rowsSince(since, "request.executed", requestId);
    expect(executed).toMatchObject(writtenBy("requests.execute"));
    // The order is placed in the last approver's name (their approval set it going): a person's row, as before.
    const approver = (await findUserById(db(), (await findRequest(db(), requestId))!.lastApproverUserId!))!;
    const [issued] = await rowsSince(since, "card.issued", cardId);
    expect(issued).toMatchObject({ actorUserId: approver.id, actorEmail: approver.email, actorRoles: approver.roles });

    // An approved top-up whose card closed before it was carried out is withdrawn by the executor.
    const topUp = createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "Taxi" });
    const { requestId: topUpId } = await createRequest(db(), await as("employee"), TEST_META, topUp);
    await approveAll(db(), topUpId);
    await updateCard(db(), cardId, { status: "cancelled" });
    expect(await executeByJob(topUpId)).toMatchObject({ status: "cancelled" });
    const [withdrawn] = await rowsSince(since, "request.cancelled", topUpId);
    expect(withdrawn).toMatchObject({ ...writtenBy("requests.execute"), summary: { reason: "card_closed" } });
  });

  it("transactions.sync: a provider transaction it cannot read is on record in the transactions sync's name", async () => {
    const accountId = accountIds.cardopenapi!;
    const since = await lastAuditId();
    // The provider lists one row with an amount finer than its currency allows: the sync cannot read it.
    const realFetch = globalThis.fetch;
    let badId: string | null = null;
    const fetchStub = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (response.status !== 200 || !new URL(String(input)).pathname.endsWith("/openApi/card/cardTradeList")) return response;
      const body = (await response.json()) as { data?: Record<string, unknown>[] | { trade_list?: Record<string, unknown>[]; data?: Record<string, unknown>[] } };
      const rows = Array.isArray(body.data) ? body.data : (body.data?.trade_list ?? body.data?.data ?? []);
      for (const row of rows) {
        const id = String(row.trade_id ?? row.id ?? row.transactionId);
        if (badId !== null && id !== badId) continue;
        badId = id;
        row.amount = 1.234;
      }
      return Response.json(body);
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await runJob(syncTransactionsJob, { accountId }, db());
    } finally {
      fetchStub.mockRestore();
      warn.mockRestore();
    }
    expect(badId).not.toBeNull();
    const unreadable = await rowsSince(since, "transaction.unreadable", accountId);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatchObject({ ...writtenBy("transactions.sync"), summary: { providerTransactionId: badId } });
    // The provider itself was fine: reading it again with the real fetch still lists the row.
    expect((await (await providerForAccount(db(), accountId)).listTransactions({ pageSize: 100 })).items.some((item) => item.providerTransactionId === badId)).toBe(true);
  });

  it("orders.follow: the card refresh after an order names the follow-up job, the order's own rows stay its author's; outside a job it names none", async () => {
    const { cardId } = await cardIssuedByRequest("Frozen by finance");
    const finance = await as("finance");
    const { orderId, status } = await requestCardChange(db(), finance, TEST_META, cardId, { type: "freeze" });
    expect(status).toBe("pending");
    // Meanwhile a sync heard the provider say it does not know the card: the refresh after the order clears that.
    await updateCard(db(), cardId, { providerMissingSince: new Date() });
    const since = await lastAuditId();
    for (let run = 0; run < 200; run += 1) {
      await runJob(followOrderJob, { orderId }, db());
      const order = await findOrder(db(), orderId);
      if (order && isFinal(order)) break;
      await pause();
    }
    expect(await findOrder(db(), orderId)).toMatchObject({ status: "completed" });
    expect(await findCard(db(), cardId)).toMatchObject({ status: "frozen", providerMissingSince: null });
    const [frozen] = await rowsSince(since, "card.frozen", cardId);
    expect(frozen).toMatchObject({ actorUserId: finance.id, actorEmail: "finance@demo.test" });
    const [found] = await rowsSince(since, "card.found_at_provider", cardId);
    expect(found).toMatchObject(writtenBy("orders.follow"));

    // The same refresh in a web request (an order that ended at once) runs in no job, so it names none.
    await updateCard(db(), cardId, { providerMissingSince: new Date() });
    const later = await lastAuditId();
    await syncCard(db(), cardId);
    const [foundOutsideJob] = await rowsSince(later, "card.found_at_provider", cardId);
    expect(foundOutsideJob).toMatchObject({ actorUserId: null, actorEmail: null, userAgent: "cardhub-worker" });
  });
});
