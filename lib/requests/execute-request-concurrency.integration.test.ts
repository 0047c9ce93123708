import { and, count, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: the jobs the code enqueues are dropped, and the tests drive the executor themselves.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// Counted, not replaced: how many runs went as far as placing the order.
vi.mock("@/lib/cards/request-card-change", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/cards/request-card-change")>();
  return { ...actual, requestCardChange: vi.fn(actual.requestCardChange) };
});

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId = "";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

type SandboxOrder = { customerOrderNo: string | null; orderType: string };
const sandboxTopUps = async () =>
  ((await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { cardepass: { orders: SandboxOrder[] } }).cardepass.orders.filter((order) => order.orderType === "CardTopUp");


/** A $50 Cardepass card issued through an approved request, then an approved $20 top-up request for it. */
async function approvedTopUp(alias: string) {
  const employee = await as("employee");
  const card = createRequestSchema.parse({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "50", tags: [] },
  });
  const issue = (await createRequest(db(), employee, TEST_META, card)).requestId;
  await approveAll(db(), issue);
  const cardId = (await executeToEnd(db(), issue)).cardId!;
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "20", purpose: "More travel" }));
  await approveAll(db(), requestId);
  return { cardId, requestId };
}

const topUpOrders = async (cardId: string) => (await db().select().from(providerOrders).where(and(eq(providerOrders.cardId, cardId), eq(providerOrders.type, "topup"))));

describe("two executions of one approved request at once", () => {
  it("end Done with one order and one top-up at the provider, never Failed", async () => {
    const { cardId, requestId } = await approvedTopUp("Raced top-up");
    const before = (await sandboxTopUps()).length;
    vi.mocked(requestCardChange).mockClear();
    await Promise.all([executeRequest(db(), requestId), executeRequest(db(), requestId)]);
    // The runs took turns: the second found the first one's order and followed it, so only one placed it.
    expect(requestCardChange).toHaveBeenCalledTimes(1);
    const done = await executeToEnd(db(), requestId);
    expect(done).toMatchObject({ status: "done", failureMessage: null });
    expect((await topUpOrders(cardId)).map((order) => [order.id, order.status])).toEqual([[requestId, "completed"]]);
    const topUps = await sandboxTopUps();
    expect(topUps).toHaveLength(before + 1);
    expect(topUps.filter((order) => order.customerOrderNo === requestId)).toHaveLength(1);
    expect((await findCard(db(), cardId))?.balance).toBe(7000n);
    const [failed] = await db().select({ value: count() }).from(auditLog).where(and(eq(auditLog.action, "request.failed"), eq(auditLog.targetId, requestId)));
    expect(failed!.value).toBe(0);
  });
});

describe("placing a card change under a key that already has an order", () => {
  it("follows the order written under that key instead of refusing it as another change in flight", async () => {
    const { cardId, requestId } = await approvedTopUp("Keyed top-up");
    const finance = await as("finance");
    const first = await requestCardChange(db(), finance, TEST_META, cardId, { type: "topup", amount: "20" }, { orderId: requestId });
    const again = await requestCardChange(db(), finance, TEST_META, cardId, { type: "topup", amount: "20" }, { orderId: requestId });
    expect(first.orderId).toBe(requestId);
    expect(again.orderId).toBe(requestId);
    expect(await topUpOrders(cardId)).toHaveLength(1);
    // The key names one change: the same key for another change is refused, not followed.
    await expect(requestCardChange(db(), finance, TEST_META, cardId, { type: "freeze" }, { orderId: requestId })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("a run of a request that another run holds", () => {
  it("ends at once instead of waiting in an executor slot behind the placement in progress", async () => {
    const { cardId, requestId } = await approvedTopUp("Held top-up");
    vi.mocked(requestCardChange).mockClear();
    // Another run's transaction holds the request's lock, as one placing an order with a provider that is not answering.
    const holder = new pg.Client({ connectionString: database.url() });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [`request:${requestId}`]);
      const outcome = await Promise.race([
        executeRequest(db(), requestId).then((step) => ({ ended: true as const, step })),
        new Promise<{ ended: false }>((resolve) => setTimeout(() => resolve({ ended: false }), 3_000)),
      ]);
      expect(outcome).toMatchObject({ ended: true, step: { recheckAt: null, request: { id: requestId, status: "approved" } } });
      expect(requestCardChange).not.toHaveBeenCalled();
      await holder.query("rollback");
    } finally {
      await holder.end();
    }
    // The request is carried out once the lock is free.
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await topUpOrders(cardId)).toHaveLength(1);
  });
});
