/**
 * An order that ends on its very first answer (startOrder, in the web process) or that finance resolves by hand
 * (resolveOrderReview) has its card read right after, in the same process. Should that process die between the
 * order's end and the read, no follow-up job was queued for the order (it was final) and no reconcile run looked at a
 * final order: the card kept its old balance until the periodic card sync. The order's end now records, in its own
 * commit, that the card's read is owed; the reconcile job hands such an order to the follow-up job, which reads the
 * card as followOrder does for any ended order whose card was not read since (card-read-after-crash).
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { getConnection } from "@/db/client";
import { findOrder, listOrdersOwingCardRead } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { FOLLOW_ORDER, followOrderJob } from "@/lib/jobs/follow-order-job";
import { reconcileOrdersJob } from "@/lib/jobs/reconcile-orders-job";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { lostOrders } from "@/test/lost-orders";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { resolveOrderReview } from "./resolve-order";
import { resolveOrderSchema } from "./schemas";

// pg-boss is not running here: what the code queues is kept, and the test runs the jobs itself.
const queued = vi.hoisted(() => [] as { name: string; data: Record<string, unknown> }[]);
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async (name: string, data: Record<string, unknown>) => void queued.push({ name, data }) }));
// The process dies right after the order's end is committed: the card is not read again.
const crash = vi.hoisted(() => ({ afterEnd: 0 }));
vi.mock("@/lib/orders/after-order-ended", async (original) => {
  const actual = await original<typeof import("@/lib/orders/after-order-ended")>();
  return {
    ...actual,
    afterOrderEnded: async (...args: Parameters<typeof actual.afterOrderEnded>) => {
      if (crash.afterEnd > 0) {
        crash.afterEnd -= 1;
        throw new Error("the process died: order recorded, card not read again");
      }
      return actual.afterOrderEnded(...args);
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
const realFetch = globalThis.fetch;
const { activeCard, lostTopUp, ageIntoReview } = lostOrders(db, () => sandbox.url, realFetch);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  await syncAllCards(db());
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  crash.afterEnd = 0;
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

async function providerBalance(provider: "nobepay" | "cardopenapi", cardId: string): Promise<bigint> {
  const card = (await findCard(db(), cardId))!;
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as Record<string, { cards: { cardId: string; balance: string }[] }>;
  return BigInt(Math.round(Number(state[provider]!.cards.find((remote) => remote.cardId === card.providerCardId)!.balance) * 100));
}

/** The reconcile job's minute run, a while after the crash (past the time it leaves a live process to finish). */
async function reconcileAfterAWhile(): Promise<string[]> {
  queued.length = 0;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(Date.now() + 2 * 60_000));
  try {
    await reconcileOrdersJob.run(undefined as never, db());
  } finally {
    vi.useRealTimers();
  }
  return queued.filter((job) => job.name === FOLLOW_ORDER).map((job) => String(job.data.orderId));
}

describe("a crash between an order's end and its card's read, outside the follow-order job", () => {
  it("an order ended by its first answer (startOrder): the next reconcile run has its card read", async () => {
    const card = await activeCard("nobepay", accountIds.nobepay!, "First answer, then a crash");
    expect(card.balance).toBe(2_500n);
    crash.afterEnd = 1;
    // NobePay answers a recharge at once: the order ends in startOrder, and the process dies before the card's read.
    await expect(requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "topup", amount: "5.00" })).rejects.toThrow(/the process died/);
    const topUp = (await db().select().from(providerOrders).where(eq(providerOrders.cardId, card.id))).find((o) => o.type === "topup")!;
    expect(topUp).toMatchObject({ status: "completed" });
    expect(await providerBalance("nobepay", card.id)).toBe(3_000n);
    expect((await findCard(db(), card.id))?.balance).toBe(2_500n);

    expect(await reconcileAfterAWhile(), "the reconcile run should hand the ended order whose card read is owed to the follow-up job").toContain(topUp.id);
    await followOrderJob.run({ orderId: topUp.id }, db());
    expect((await findCard(db(), card.id))?.balance).toBe(3_000n);

    // Read once: the order is not handed out again.
    expect(await reconcileAfterAWhile()).not.toContain(topUp.id);
  });

  it("an order finance resolved as done: the next reconcile run has its card read", async () => {
    const card = await activeCard("cardopenapi", accountIds.cardopenapi!, "Resolved, then a crash");
    const topUp = await lostTopUp(card);
    await ageIntoReview(topUp);
    vi.restoreAllMocks();
    crash.afterEnd = 1;
    await expect(resolveOrderReview(db(), await as("finance"), TEST_META, resolveOrderSchema.parse({ orderId: topUp, outcome: "done", note: "Recharge of $5.00 listed in the portal" }))).rejects.toThrow(/the process died/);
    expect(await findOrder(db(), topUp)).toMatchObject({ status: "completed" });
    expect(await providerBalance("cardopenapi", card.id)).toBe(2_000n);
    expect((await findCard(db(), card.id))?.balance).toBe(1_500n);

    expect(await reconcileAfterAWhile()).toContain(topUp);
    await followOrderJob.run({ orderId: topUp }, db());
    expect((await findCard(db(), card.id))?.balance).toBe(2_000n);
    expect(await reconcileAfterAWhile()).not.toContain(topUp);
  });

  it("an order whose card was read after its end as usual is never handed out again", async () => {
    const card = await activeCard("nobepay", accountIds.nobepay!, "First answer, read");
    const placed = await requestCardChange(db(), await as("finance"), TEST_META, card.id, { type: "topup", amount: "5.00" });
    expect(placed.status).toBe("completed");
    expect((await findCard(db(), card.id))?.balance).toBe(3_000n);
    expect(await reconcileAfterAWhile()).not.toContain(placed.orderId);
  });

  it("the reconcile run finds the orders owing a read through their index, not by reading every ended order", async () => {
    const finance = await as("finance");
    await db().execute(sql`
      insert into provider_orders (organization_id, provider_account_id, type, status, amount, currency, completed_at)
      select ${finance.organizationId}::uuid, ${accountIds.nobepay!}::uuid, 'topup', 'completed', 100, 'USD', now() from generate_series(1, 20000)`);
    await db().execute(sql`analyze provider_orders`);
    const { pool } = getConnection();
    const recorder = recordingDb(pool);
    const statements = await recorder.record(() => listOrdersOwingCardRead(recorder.db, { before: new Date(), limit: 500 }));
    expect(statements).toHaveLength(1);
    const { rows } = await pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${statements[0]!.text}`, statements[0]!.params);
    const scans = planNodes(rows[0]!["QUERY PLAN"]).filter((node) => node["Relation Name"] === "provider_orders");
    expect(scans.map((node) => node["Index Name"] ?? node["Node Type"])).toEqual(["provider_orders_card_read_due_idx"]);
  });
});
