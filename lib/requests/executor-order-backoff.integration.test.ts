/**
 * An approved request waiting on an open order comes back when the order is next checked (its next_check_at), and asks
 * the provider only once the order is due: a provider's Retry-After and the hourly look at an order in review hold for
 * the executor as they do for the follow-order job (review requests43, finding 1; review jobs44, finding 2).
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest } from "@/db/queries/requests";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { followOrder } from "@/lib/orders/follow-order";
import { markNeedsReview } from "@/lib/orders/unknown-outcome";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { executionKey } from "./execution-key";
import { createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
const ORDER_DELAY_MS = 1_000;
let sandbox: RunningSandbox;
let cardepassAccountId = "";
const realFetch = globalThis.fetch;

beforeAll(async () => {
  // Orders stay pending at the provider for a second: long enough to be open on the executor's first look.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: ORDER_DELAY_MS });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  // A Retry-After beyond this retry budget is handed back to the order rather than waited out by the client.
  await db().update(providerAccounts).set({ settings: { timeoutMs: 300, maxRetryMs: 500 } }).where(eq(providerAccounts.provider, "cardepass"));
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => sandbox?.close());

/** Every request Cardhub sends to the provider from now on (the test's own /_sandbox calls aside). */
function countProviderCalls(): string[] {
  const sent: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(sandbox.url) && !url.includes("/_sandbox/")) sent.push(new URL(url).pathname);
    return realFetch(input, init);
  });
  return sent;
}

/** An approved new-card request whose order the provider has taken and not yet carried out. */
async function requestWaitingOnOpenOrder(alias: string): Promise<{ requestId: string; key: string }> {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const input = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "50", tags: [] },
  });
  const { requestId } = await createRequest(db(), employee, TEST_META, input);
  await approveAll(db(), requestId);
  expect((await executeRequest(db(), requestId)).request?.status).toBe("executing");
  const key = executionKey(requestId, (await findRequest(db(), requestId))!.executionAttempt);
  expect(await findOrder(db(), key)).toMatchObject({ status: "pending" });
  return { requestId, key };
}

/** The executor's runs while the order is not yet due: none asks the provider, each comes back just after the order's next check. */
async function expectRunsWithoutAsking(requestId: string, key: string) {
  const before = (await findOrder(db(), key))!;
  const sent = countProviderCalls();
  for (let run = 0; run < 3; run += 1) {
    const step = await executeRequest(db(), requestId);
    expect(step.request?.status).toBe("executing");
    expect(step.recheckAt!.getTime()).toBeGreaterThanOrEqual(before.nextCheckAt!.getTime());
    expect(step.recheckAt!.getTime()).toBeLessThanOrEqual(before.nextCheckAt!.getTime() + 5_000);
  }
  expect(sent).toEqual([]);
  vi.restoreAllMocks();
  // Nothing recorded on the order either: its schedule is the one the provider (or the review) set.
  expect(await findOrder(db(), key)).toMatchObject({ status: before.status, attempts: before.attempts, nextCheckAt: before.nextCheckAt });
}

describe("an approved request waiting on an open order", () => {
  it("does not ask the provider before the Retry-After it gave, and follows the order once that has passed", async () => {
    const { requestId, key } = await requestWaitingOnOpenOrder("Retry-After card");
    await realFetch(`${sandbox.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "cardepass", failNext: 1, failMode: "status", failStatus: 429, retryAfterSeconds: 600 }),
    });
    // The order is due: this run asks, and the provider says to come back in 10 minutes.
    await db().update(providerOrders).set({ nextCheckAt: new Date(Date.now() - 1_000) }).where(eq(providerOrders.id, key));
    const sent = countProviderCalls();
    await executeRequest(db(), requestId);
    expect(sent).toHaveLength(1);
    vi.restoreAllMocks();
    const order = (await findOrder(db(), key))!;
    expect(order.status).toBe("pending");
    expect(order.nextCheckAt!.getTime() - Date.now()).toBeGreaterThan(590_000);

    await expectRunsWithoutAsking(requestId, key);

    // Ten minutes later the order is due again: the executor follows it to its end.
    await new Promise((resolve) => setTimeout(resolve, ORDER_DELAY_MS));
    await db().update(providerOrders).set({ nextCheckAt: new Date(Date.now() - 1_000) }).where(eq(providerOrders.id, key));
    const asked = countProviderCalls();
    expect((await executeToEnd(db(), requestId)).status).toBe("done");
    expect(asked.length).toBeGreaterThan(0);
    expect(await findOrder(db(), key)).toMatchObject({ status: "completed" });
  });

  it("does not ask the provider about an order in review before its hourly look, and ends Done once the follow-order job sees it completed", async () => {
    const { requestId, key } = await requestWaitingOnOpenOrder("Review card");
    const inReview = (await markNeedsReview(db(), key, "The provider's answer stayed unknown.", "deadline"))!;
    expect(inReview.status).toBe("needs_review");
    expect(inReview.nextCheckAt!.getTime() - Date.now()).toBeGreaterThan(3_500_000);

    await expectRunsWithoutAsking(requestId, key);

    // The follow-order job (or a person's "check now") finds the order carried out at the provider.
    await new Promise((resolve) => setTimeout(resolve, ORDER_DELAY_MS));
    expect(await followOrder(db(), key)).toMatchObject({ status: "completed" });
    const sent = countProviderCalls();
    const step = await executeRequest(db(), requestId);
    expect(step).toMatchObject({ request: { status: "done" }, recheckAt: null });
    expect(step.request?.cardId).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it("follows an open order with no next check on record at once", async () => {
    const { requestId, key } = await requestWaitingOnOpenOrder("Unscheduled card");
    await db().update(providerOrders).set({ nextCheckAt: null }).where(eq(providerOrders.id, key));
    const sent = countProviderCalls();
    await executeRequest(db(), requestId);
    expect(sent.length).toBeGreaterThan(0);
    expect((await findOrder(db(), key))!.nextCheckAt).not.toBeNull();
  });
});
