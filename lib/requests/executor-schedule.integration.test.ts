/**
 * While an approved request's order is open, the executor comes back when the order is next checked (hourly for one in
 * review), not every few seconds; it learns at once that the order ended, whoever ended it: the follow-order job, or
 * finance recording the outcome of an order in review (review jobs44, finding 2).
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest } from "@/db/queries/requests";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { followOrderJob } from "@/lib/jobs/follow-order-job";
import { REVIEW_RECHECK_MS } from "@/lib/orders/order-deadline";
import { resolveOrderReview } from "@/lib/orders/resolve-order";
import { resolveOrderSchema } from "@/lib/orders/schemas";
import { markNeedsReview } from "@/lib/orders/unknown-outcome";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { EXECUTOR, executeRequest } from "./execute-request";
import { executionKey } from "./execution-key";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: what the code enqueues is collected, with when it asked the job to start.
const enqueued = vi.hoisted(() => [] as { name: string; data: { requestId?: string; orderId?: string }; startAfter: Date | undefined }[]);
vi.mock("@/lib/jobs/queue", () => ({
  enqueue: async (name: string, data: { requestId?: string }, options: { startAfter?: Date } = {}) => void enqueued.push({ name, data, startAfter: options.startAfter }),
}));

const database = withTestDatabase();
const db = () => database.db();
const ORDER_DELAY_MS = 1_000;
let sandbox: RunningSandbox;
let cardepassAccountId = "";
const faults = (body: unknown) => fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  // Orders stay pending at the provider for a second: open on the executor's first look.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: ORDER_DELAY_MS });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  // A hanging provider is a timeout in a fraction of a second, without retries.
  await db().update(providerAccounts).set({ settings: { timeoutMs: 300, maxRetryMs: 0 } }).where(eq(providerAccounts.provider, "cardepass"));
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterEach(async () => {
  vi.useRealTimers();
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => sandbox?.close());

/** An approved new-card request whose order the provider has taken, put in review (as 6 hours without an answer do). */
async function requestWaitingOnOrderInReview(alias: string): Promise<{ requestId: string; key: string }> {
  const input = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "50", tags: [] },
  });
  const { requestId } = await createRequest(db(), await sessionUserFor(db(), "employee@demo.test"), TEST_META, input);
  await approveAll(db(), requestId);
  expect((await executeRequest(db(), requestId)).request?.status).toBe("executing");
  const key = executionKey(requestId, (await findRequest(db(), requestId))!.executionAttempt);
  expect(await findOrder(db(), key)).toMatchObject({ status: "pending" });
  expect(await markNeedsReview(db(), key, "The provider's answer stayed unknown.", "deadline")).toMatchObject({ status: "needs_review" });
  return { requestId, key };
}

const executorRunsQueuedFor = (requestId: string) => enqueued.filter((job) => job.name === EXECUTOR && job.data.requestId === requestId);

describe("an approved request whose order is open", () => {
  it("comes back when its order in review is next checked: over six hours a handful of runs, not thousands", async () => {
    const { requestId, key } = await requestWaitingOnOrderInReview("Review schedule card");
    // The provider stops answering: every hourly look at the order ends unknown, so it stays in review.
    await faults({ provider: "cardepass", hangRate: 1 });
    const start = Date.now();
    const period = 6 * 3_600_000;
    // The clock jumps to each run the executor asks for, as its re-queued job would start then.
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    let at = start;
    let runs = 0;
    while (at < start + period && runs < 50) {
      vi.setSystemTime(at);
      const step = await executeRequest(db(), requestId);
      runs += 1;
      expect(step.request?.status).toBe("executing");
      expect(step.recheckAt).not.toBeNull();
      // Never later than the order's hourly look, never sooner than a few seconds.
      expect(step.recheckAt!.getTime() - at).toBeGreaterThanOrEqual(3_000);
      expect(step.recheckAt!.getTime() - at).toBeLessThanOrEqual(REVIEW_RECHECK_MS + 60_000);
      at = step.recheckAt!.getTime();
    }
    vi.useRealTimers();
    console.log(JSON.stringify({ simulatedHours: Math.round(((at - start) / 3_600_000) * 100) / 100, executorRuns: runs }));
    expect(at).toBeGreaterThanOrEqual(start + period);
    // One look per hourly check of the order, plus the first.
    expect(runs).toBeLessThanOrEqual(8);
    expect(await findOrder(db(), key)).toMatchObject({ status: "needs_review" });
  });

  it("is queued at once when the follow-order job sees its order end", async () => {
    const { requestId, key } = await requestWaitingOnOrderInReview("Follow wake card");
    // The provider carries the order out; the order's hourly look comes due.
    await new Promise((resolve) => setTimeout(resolve, ORDER_DELAY_MS));
    await db().update(providerOrders).set({ nextCheckAt: new Date(Date.now() - 1_000) }).where(eq(providerOrders.id, key));
    enqueued.length = 0;
    await followOrderJob.run({ orderId: key }, db());
    expect(await findOrder(db(), key)).toMatchObject({ status: "completed" });
    const woken = executorRunsQueuedFor(requestId);
    expect(woken).toHaveLength(1);
    expect(woken[0]!.startAfter?.getTime() ?? 0).toBeLessThanOrEqual(Date.now());
    expect((await executeRequest(db(), requestId)).request?.status).toBe("done");
  });

  it("is queued at once when finance records the outcome of its order in review", async () => {
    const { requestId, key } = await requestWaitingOnOrderInReview("Resolve wake card");
    enqueued.length = 0;
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const input = resolveOrderSchema.parse({ orderId: key, outcome: "not_done", note: "Nothing at the provider's portal." });
    expect(await resolveOrderReview(db(), finance, TEST_META, input)).toMatchObject({ status: "failed" });
    const woken = executorRunsQueuedFor(requestId);
    expect(woken).toHaveLength(1);
    expect(woken[0]!.startAfter?.getTime() ?? 0).toBeLessThanOrEqual(Date.now());
    expect((await executeRequest(db(), requestId)).request?.status).toBe("failed");
  });
});
