/**
 * Two followers of one order whose first answer was lost (the follow-order job, an approved request's executor, the
 * reconcile job, a repeated submission from the card page) may look at it at the same moment. NobePay keeps no
 * idempotency key, so only one of them may ever decide to send it again: the one holding the submission's lease.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { claimOrderSubmission, findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest } from "@/db/queries/requests";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { syncCard } from "@/lib/cards/sync-card";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { createRequest } from "@/lib/requests/create-request";
import { executeRequest } from "@/lib/requests/execute-request";
import { executionKey } from "@/lib/requests/execution-key";
import { createRequestSchema } from "@/lib/requests/schemas";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { followOrder } from "./follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let nobepayAccountId = "";
const realFetch = globalThis.fetch;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  // An answer held back by a test must not time out: the client's retry would be one more look, sent by the wrong follower.
  await db().update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || ${JSON.stringify({ timeoutMs: 20_000, maxRetryMs: 1500 })}::jsonb`, updatedAt: new Date() });
  nobepayAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "nobepay")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => sandbox?.close());

type SandboxCard = { cardId: string; balance: string };
async function nobepayCards(): Promise<SandboxCard[]> {
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as { nobepay: { cards: SandboxCard[] } };
  return state.nobepay.cards;
}
const remoteBalance = async (providerCardId: string | null) => (await nobepayCards()).find((card) => card.cardId === providerCardId)?.balance;

const issueInput = (alias: string, ownerUserId: string) =>
  issueCardSchema.parse({
    kind: "nobepay",
    accountId: nobepayAccountId,
    productId: "v_5bc814",
    ownerUserId,
    alias,
    initialAmount: "25.00",
    holderFirstName: "Eli",
    holderLastName: "Employee",
    street: "1 Main St",
    city: "Austin",
    state: "TX",
    zipCode: "73301",
  });

async function activeNobepayCard(alias: string) {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const issued = await issueCard(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, issueInput(alias, employee.id));
  await followOrderToEnd(db(), issued.orderId);
  const card = (await findCard(db(), issued.cardId))!;
  expect(card.status).toBe("active");
  expect(await remoteBalance(card.providerCardId)).toBe("25.00");
  return card;
}

/** Minutes later: the grace since the last send and the backoff after the lost answer have both passed. */
const ageOrder = (orderId: string) =>
  db()
    .update(providerOrders)
    .set({ lastSubmittedAt: new Date(Date.now() - 3_600_000), nextCheckAt: new Date(Date.now() - 1000) })
    .where(eq(providerOrders.id, orderId));

/** The gateway refuses the first request to `endpoint` (nothing reaches NobePay, as a request lost on the way looks). */
function gatewayRefusesFirst(endpoint: string) {
  let refused = false;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    if (!refused && path.endsWith(endpoint)) {
      refused = true;
      return new Response("Bad gateway", { status: 502 });
    }
    return realFetch(input, init);
  });
}

/**
 * Counts every provider request by path, and holds the answer to the first follower's lookup (`lookupPath`) until the
 * second follower has had its own look: its lookup answered, or its step over without one. Only timing is controlled.
 */
function twoFollowers(lookupPath: string) {
  const sent: string[] = [];
  let firstSent = () => {};
  const firstLookupSent = new Promise<void>((resolve) => (firstSent = resolve));
  let secondLooked = () => {};
  const secondHadItsLook = new Promise<void>((resolve) => (secondLooked = resolve));
  let lookups = 0;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    sent.push(path);
    if (!path.endsWith(lookupPath)) return realFetch(input, init);
    lookups += 1;
    const lookup = lookups;
    if (lookup === 1) firstSent();
    const answer = await realFetch(input, init);
    if (lookup === 1) await secondHadItsLook;
    if (lookup === 2) secondLooked();
    return answer;
  });
  return {
    firstLookupSent,
    /** The second follower's step is over (it may have sent no lookup at all). */
    secondDone: () => secondLooked(),
    count: (suffix: string) => sent.filter((path) => path.endsWith(suffix)).length,
  };
}

describe("two followers of one NobePay order whose first answer was lost", () => {
  it("an approved top-up followed by the job and the executor at once is deposited once", async () => {
    const card = await activeNobepayCard("Two followers, top-up");
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: card.id, amount: "5.00", purpose: "Software renewal" }));
    await approveAll(db(), requestId);

    gatewayRefusesFirst("/card/deposit");
    expect((await executeRequest(db(), requestId)).request?.status).toBe("executing");
    vi.restoreAllMocks();
    const key = executionKey(requestId, (await findRequest(db(), requestId))!.executionAttempt);
    expect(await findOrder(db(), key)).toMatchObject({ status: "created", attempts: 1 });
    await ageOrder(key);

    const requests = twoFollowers("/card/order/list");
    const job = followOrder(db(), key); // lib/jobs/follow-order-job.ts
    await requests.firstLookupSent;
    const executor = executeRequest(db(), requestId).finally(requests.secondDone); // lib/requests/execute-request.ts
    await Promise.all([job, executor]);
    expect(requests.count("/card/deposit")).toBe(1);
    vi.restoreAllMocks();

    expect((await executeToEnd(db(), requestId)).status).toBe("done");
    expect(await findOrder(db(), key)).toMatchObject({ status: "completed", amount: 500n });
    expect(await remoteBalance(card.providerCardId)).toBe("30.00");
    await syncCard(db(), card.id);
    expect((await findCard(db(), card.id))?.balance).toBe(3000n);
  });

  it("a new card followed twice at once is created once", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardsBefore = (await nobepayCards()).length;
    gatewayRefusesFirst("/card/create");
    const issued = await issueCard(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, issueInput("Two followers, new card", employee.id));
    vi.restoreAllMocks();
    expect(await findOrder(db(), issued.orderId)).toMatchObject({ status: "created", attempts: 1 });
    await ageOrder(issued.orderId);

    const requests = twoFollowers("/card/list");
    const job = followOrder(db(), issued.orderId); // the follow-order job
    await requests.firstLookupSent;
    const reconciler = followOrder(db(), issued.orderId).finally(requests.secondDone); // the reconcile job
    await Promise.all([job, reconciler]);
    expect(requests.count("/card/create")).toBe(1);
    vi.restoreAllMocks();

    expect(await followOrderToEnd(db(), issued.orderId)).toMatchObject({ status: "completed" });
    expect(await nobepayCards()).toHaveLength(cardsBefore + 1);
    const card = (await findCard(db(), issued.cardId))!;
    expect(card.status).toBe("active");
    expect(await remoteBalance(card.providerCardId)).toBe("25.00");
  });

  it("a submission whose lease ran out and was taken over does not send when it wakes up", async () => {
    const card = await activeNobepayCard("Stalled follower");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    gatewayRefusesFirst("/card/deposit");
    const started = await requestCardChange(db(), finance, TEST_META, card.id, { type: "topup", amount: "5.00" });
    vi.restoreAllMocks();
    expect(started.status).toBe("created");
    await ageOrder(started.orderId);

    // The first follower's history read comes back, then its process stalls past its lease (a long pause, a
    // suspended VM): the second follower takes the order over, finds nothing, deposits and completes it.
    const requests = twoFollowers("/card/order/list");
    const stalled = followOrder(db(), started.orderId);
    await requests.firstLookupSent;
    await db().update(providerOrders).set({ nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, started.orderId));
    const takeover = await followOrder(db(), started.orderId).finally(requests.secondDone);
    expect(takeover).toMatchObject({ status: "completed" });
    // The stalled one wakes up with its answer ("no deposit yet") and must not act on it.
    await stalled;
    expect(await findOrder(db(), started.orderId)).toMatchObject({ status: "completed", attempts: 3 });
    expect(requests.count("/card/deposit")).toBe(1);
    expect(await remoteBalance(card.providerCardId)).toBe("30.00");
  });
});

describe("the lease of a submission", () => {
  it("keeps every other follower away while it is held, and a dead holder's lease is taken over once it ran out", async () => {
    const card = await activeNobepayCard("Dead holder");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    gatewayRefusesFirst("/card/deposit");
    const started = await requestCardChange(db(), finance, TEST_META, card.id, { type: "topup", amount: "5.00" });
    vi.restoreAllMocks();
    const order = (await findOrder(db(), started.orderId))!;
    expect(order).toMatchObject({ status: "created", attempts: 1 });

    // A process claimed the resend a moment ago and died holding the lease.
    const leaseUntil = new Date(Date.now() + 60_000);
    await db().update(providerOrders).set({ attempts: 2, nextCheckAt: leaseUntil, lastSubmittedAt: new Date(Date.now() - 3_600_000) }).where(eq(providerOrders.id, order.id));
    const requests = twoFollowers("/card/order/list");
    requests.secondDone(); // one follower at a time here: nothing is held
    expect(await followOrder(db(), order.id)).toMatchObject({ status: "created", attempts: 2 });
    expect(requests.count("/")).toBe(0);
    expect(await claimOrderSubmission(db(), { id: order.id, attempts: 2, leaseUntil })).toBeNull();

    // Its lease runs out: the next follower takes the order over, looks in the card's history and sends it once.
    await db().update(providerOrders).set({ nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, order.id));
    expect(await followOrder(db(), order.id)).toMatchObject({ status: "completed", attempts: 3 });
    expect(requests.count("/card/order/list")).toBeGreaterThan(0);
    expect(requests.count("/card/deposit")).toBe(1);
    expect(await remoteBalance(card.providerCardId)).toBe("30.00");
  });
});
