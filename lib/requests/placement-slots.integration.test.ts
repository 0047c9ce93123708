/**
 * At most PLACEMENT_SLOTS approved requests place their order with one provider account at once, across workers: the
 * requests of an account whose provider hangs cannot take every executor slot. A run that finds the account's slots
 * taken places nothing, writes nothing and asks to be run again in a few seconds; other accounts are not held up.
 */
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findOrder } from "@/db/queries/provider-orders";
import { findRequest, listRequestEvents, updateRequest } from "@/db/queries/requests";
import { products } from "@/db/schema/products";
import { seedDemo } from "@/db/seed";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { isFinal } from "@/lib/orders/settle-order";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { PLACEMENT_SLOTS, placementSlotKey } from "./placement-slots";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: the jobs the code enqueues are dropped, and the tests drive the executor themselves.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
let binProductId = "";

beforeAll(async () => {
  // Orders stay pending at the provider for a moment: a placed order is still open on the run that placed it.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 300 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  await refreshAllFunding(db());
  const [binProduct] = await db().select().from(products).where(eq(products.providerAccountId, accountIds.cardopenapi!));
  binProductId = binProduct!.providerProductId;
});
afterAll(async () => sandbox?.close());

type SandboxOrder = { customerOrderNo: string | null; orderType: string };
/** The orders the Cardepass sandbox was sent under a key (its customer order number). */
const sandboxOrdersUnder = async (key: string) =>
  ((await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { cardepass: { orders: SandboxOrder[] } }).cardepass.orders.filter((order) => order.customerOrderNo === key);

async function fileApproved(input: Record<string, unknown>): Promise<string> {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse(input));
  await approveAll(db(), requestId);
  return requestId;
}

/** An approved new Cardepass card (account A). */
const approvedCardepassCard = (alias: string) =>
  fileApproved({
    kind: "new_card",
    purpose: "Conference travel",
    card: { kind: "cardepass-standard", accountId: accountIds.cardepass, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "5", tags: [] },
  });

/** An approved new Card OPEN-API card (account B). */
const approvedOpenApiCard = (alias: string) =>
  fileApproved({ kind: "new_card", purpose: "Conference travel", card: { kind: "cardopenapi", accountId: accountIds.cardopenapi, productId: binProductId, initialAmount: "10", alias, tags: [] } });

/** One placement slot of an account held by a transaction of another connection, as a run placing an order holds it. */
async function holdSlot(accountId: string, slot: number): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url() });
  await client.connect();
  await client.query("begin");
  await client.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [placementSlotKey(accountId, slot)]);
  let released: Promise<void> | undefined;
  return { release: () => (released ??= client.query("rollback").then(() => client.end())) };
}

async function holdAllSlots(accountId: string) {
  const held = [];
  for (let slot = 0; slot < PLACEMENT_SLOTS; slot += 1) held.push(await holdSlot(accountId, slot));
  return held;
}

/** Runs the request once with every slot of its account taken: it must place nothing and change nothing. */
async function expectNotPlacedWhileSlotsTaken(requestId: string) {
  const before = await findRequest(db(), requestId);
  const eventsBefore = await listRequestEvents(db(), requestId);
  const startedAt = Date.now();
  const step = await executeRequest(db(), requestId);
  expect(await findOrder(db(), requestId), "an order was placed while every placement slot of its account was taken").toBeNull();
  expect(await sandboxOrdersUnder(requestId), "the provider was sent an order while every placement slot was taken").toEqual([]);
  expect(await findRequest(db(), requestId), "the request changed while it waited for a placement slot").toEqual(before);
  expect(await listRequestEvents(db(), requestId)).toEqual(eventsBefore);
  expect(step.request).toMatchObject({ id: requestId, status: "approved" });
  expect(step.recheckAt, "a run that found no free slot asks to be run again").not.toBeNull();
  expect(step.recheckAt!.getTime()).toBeGreaterThanOrEqual(startedAt + 1_000);
  expect(step.recheckAt!.getTime()).toBeLessThanOrEqual(Date.now() + 10_000);
}

describe("placement slots of a provider account", () => {
  it("with every slot of account A taken, a request on A places nothing and stays approved; one on account B is placed at once", async () => {
    const onA = await approvedCardepassCard("Slot wait A");
    const onB = await approvedOpenApiCard("Slot free B");
    const held = await holdAllSlots(accountIds.cardepass!);
    try {
      await expectNotPlacedWhileSlotsTaken(onA);
      const placed = await executeRequest(db(), onB);
      expect(await findOrder(db(), onB), "a request on another account waited for account A's slots").not.toBeNull();
      expect(placed.request?.status).toMatch(/^(executing|done)$/);
    } finally {
      for (const slot of held) await slot.release();
    }
    expect(await executeToEnd(db(), onB)).toMatchObject({ status: "done" });
  });

  it("a change to a card of account A (a top-up) waits for A's slots too", async () => {
    const cardRequest = await approvedCardepassCard("Slot top-up card");
    const cardId = (await executeToEnd(db(), cardRequest)).cardId!;
    const topUp = await fileApproved({ kind: "top_up", cardId, amount: "2", purpose: "More travel" });
    const held = await holdAllSlots(accountIds.cardepass!);
    try {
      await expectNotPlacedWhileSlotsTaken(topUp);
    } finally {
      for (const slot of held) await slot.release();
    }
    expect(await executeToEnd(db(), topUp)).toMatchObject({ status: "done" });
    expect(await sandboxOrdersUnder(topUp)).toHaveLength(1);
  });

  it("once one slot is given back, the waiting request is placed on its next run", async () => {
    const requestId = await approvedCardepassCard("Slot freed");
    const [first, second] = await holdAllSlots(accountIds.cardepass!);
    try {
      await expectNotPlacedWhileSlotsTaken(requestId);
      await second!.release();
      const step = await executeRequest(db(), requestId);
      expect(await findOrder(db(), requestId), "the request was not placed once a slot was free").not.toBeNull();
      expect(step.request?.status).toMatch(/^(executing|done)$/);
    } finally {
      await first!.release();
      await second!.release();
    }
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await sandboxOrdersUnder(requestId)).toHaveLength(1);
  });

  it("a request claimed by a worker that died before placing waits for a slot without its lease renewed", async () => {
    const requestId = await approvedCardepassCard("Slot after crash");
    // What claim writes, by a worker that died before placing the order.
    await updateRequest(db(), requestId, { status: "executing", orderId: requestId, nextCheckAt: new Date(Date.now() - 60_000) });
    const held = await holdAllSlots(accountIds.cardepass!);
    try {
      const before = await findRequest(db(), requestId);
      const step = await executeRequest(db(), requestId);
      expect(await findOrder(db(), requestId), "an order was placed while every placement slot of its account was taken").toBeNull();
      expect(await findRequest(db(), requestId)).toEqual(before);
      expect(step.recheckAt).not.toBeNull();
    } finally {
      for (const slot of held) await slot.release();
    }
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await sandboxOrdersUnder(requestId)).toHaveLength(1);
  });

  it("following an order already placed needs no slot", async () => {
    const requestId = await approvedCardepassCard("Slot follow");
    const first = await executeRequest(db(), requestId);
    const open = await findOrder(db(), requestId);
    expect(first.request?.status).toBe("executing");
    expect(open && isFinal(open)).toBe(false);
    const held = await holdAllSlots(accountIds.cardepass!);
    try {
      expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    } finally {
      for (const slot of held) await slot.release();
    }
    expect(await sandboxOrdersUnder(requestId)).toHaveLength(1);
  });
});
