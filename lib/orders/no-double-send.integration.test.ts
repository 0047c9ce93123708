import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { findCard } from "@/db/queries/card-updates";
import { findOrder, listDueOrders } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { sharedTokenCache } from "@/lib/providers/token-cache";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { followOrder } from "./follow-order";
import { REVIEW_AFTER_MS } from "./order-deadline";
import { isFinal } from "./settle-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
const realFetch = globalThis.fetch;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  const db = database.db();
  await seedDemo(db, { sandboxUrl: sandbox.url });
  await settings({ timeoutMs: 400, maxRetryMs: 1500 });
  for (const account of await listProviderAccounts(db)) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db)).failed).toEqual([]);
  await syncAllCards(db);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => sandbox?.close());

/** Sets every account's timeout and retry budget (a new updatedAt rebuilds its adapter). */
async function settings(values: { timeoutMs: number; maxRetryMs: number }) {
  await database.db().update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || ${JSON.stringify(values)}::jsonb`, updatedAt: new Date() });
}

const fault = (body: Record<string, unknown>) =>
  realFetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function remoteBalance(provider: string, providerCardId: string | null | undefined): Promise<string | undefined> {
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as Record<string, { cards: { cardId: string; balance: string }[] }>;
  return state[provider]!.cards.find((card) => card.cardId === providerCardId)?.balance;
}

type Answer = (path: string, pass: () => Promise<Response>) => Promise<Response | undefined> | Response | undefined;

/** Every provider request the app sends passes here: counted by path, and answered by `answer` where it returns one. */
function providerRequests(answer: Answer = () => undefined) {
  const sent: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    sent.push(path);
    return (await answer(path, () => realFetch(input, init))) ?? realFetch(input, init);
  });
  return { count: (suffix: string) => sent.filter((path) => path.endsWith(suffix)).length };
}

/** Time passes: the backoff after the lost answer has run out too, so the next look may submit again. */
const ageOrder = (orderId: string, values: { lastSubmittedAt?: Date; createdAt?: Date }) =>
  database.db().update(providerOrders).set({ ...values, nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, orderId));

async function activeCard(provider: "cardopenapi" | "nobepay", alias: string) {
  const owner = await findUserByEmail(database.db(), "employee@demo.test");
  const input =
    provider === "cardopenapi"
      ? { kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", initialAmount: "15.00" }
      : { kind: "nobepay", productId: "v_5bc814", initialAmount: "25.00", holderFirstName: "Eli", holderLastName: "Employee", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301" };
  const parsed = issueCardSchema.parse({ ...input, alias, accountId: accountIds[provider], ownerUserId: owner!.id });
  const issued = await issueCard(database.db(), await sessionUserFor(database.db(), "finance@demo.test"), TEST_META, parsed);
  for (let step = 0; step < 100 && !isFinal((await followOrder(database.db(), issued.orderId))!); step += 1) await new Promise((resolve) => setTimeout(resolve, 30));
  const card = await findCard(database.db(), issued.cardId);
  expect(card?.status).toBe("active");
  return card!;
}

async function topUp(cardId: string, amount: string) {
  return requestCardChange(database.db(), await sessionUserFor(database.db(), "finance@demo.test"), TEST_META, cardId, { type: "topup", amount });
}

describe("an order lookup whose 'not found' says nothing about the order", () => {
  const answers = {
    // sandbox/cardopenapi/inferred-endpoints.ts: the answer to an endpoint the provider does not have.
    "Card OPEN-API's unknown-endpoint code 10404": () => Response.json({ code: 10404, message: "api not found", data: null }),
    "a bare HTTP 404": () => new Response("", { status: 404 }),
  };
  for (const [name, answer] of Object.entries(answers)) {
    it(`${name}: a Card OPEN-API top-up whose answer was lost is neither sent again nor failed`, async () => {
      const card = await activeCard("cardopenapi", `Lost recharge, ${name}`);
      // The recharge is carried out, its answer arrives cut in half.
      await fault({ provider: "cardopenapi", failNext: 1, failMode: "malformed" });
      const started = await topUp(card.id, "5.00");
      expect(started.status).toBe("created");
      await expect.poll(() => remoteBalance("cardopenapi", card.providerCardId)).toBe("20.00");

      const requests = providerRequests((path) => (path.endsWith("/openApi/order/orderDetail") ? answer() : undefined));
      await ageOrder(started.orderId, { lastSubmittedAt: new Date(Date.now() - 3_600_000) });
      expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "created" });
      expect(requests.count("/openApi/order/orderDetail")).toBe(1);

      // Past the review deadline a person looks, and the same answer still fails nothing.
      await ageOrder(started.orderId, { createdAt: new Date(Date.now() - REVIEW_AFTER_MS - 60_000) });
      expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "needs_review" });
      expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "needs_review" });
      expect(requests.count("/openApi/order/orderDetail")).toBe(2);

      expect(requests.count("/openApi/order/cardRecharge")).toBe(0);
      expect(await remoteBalance("cardopenapi", card.providerCardId)).toBe("20.00");
    });
  }
});

describe("an account whose calls may take minutes (timeout 120 s, retry budget 600 s)", () => {
  const cards: Awaited<ReturnType<typeof activeCard>>[] = [];
  beforeAll(async () => {
    cards.push(await activeCard("nobepay", "Slow provider, lost deposit"), await activeCard("nobepay", "Slow provider, deposit in flight"));
    await settings({ timeoutMs: 120_000, maxRetryMs: 600_000 });
  });
  afterAll(() => settings({ timeoutMs: 400, maxRetryMs: 1500 }));

  it("does not send a deposit again while the one sent 90 s ago may still be in flight", async () => {
    const card = cards[0]!;
    // The gateway refuses it: nothing reaches NobePay, which is also what a deposit still on its way looks like.
    await fault({ provider: "nobepay", failNext: 1, failMode: "status", failStatus: 502 });
    const started = await topUp(card.id, "5.00");
    expect(started.status).toBe("created");
    await ageOrder(started.orderId, { lastSubmittedAt: new Date(Date.now() - 90_000) });

    const requests = providerRequests();
    expect(await followOrder(database.db(), started.orderId)).toMatchObject({ status: "created" });
    expect(requests.count("/card/order/list")).toBeGreaterThan(0);
    expect(requests.count("/card/deposit")).toBe(0);
    expect(await remoteBalance("nobepay", card.providerCardId)).toBe("25.00");
  });

  it("keeps the reconciler away from a deposit in flight, and stamps it sent only once the token is there", async () => {
    const card = cards[1]!;
    sharedTokenCache.clear();
    let tokenArrivedAt = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let depositSent = () => {};
    const depositOut = new Promise<void>((resolve) => (depositSent = resolve));
    providerRequests(async (path, pass) => {
      if (path.endsWith("/token/get")) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const response = await pass();
        tokenArrivedAt = Date.now();
        return response;
      }
      if (path.endsWith("/card/deposit")) {
        depositSent();
        await held;
      }
      return undefined;
    });
    const submitting = topUp(card.id, "3.00");
    await depositOut;
    const [inFlight] = await database.db().select().from(providerOrders).where(eq(providerOrders.cardId, card.id)).orderBy(sql`${providerOrders.createdAt} desc`).limit(1);
    expect(inFlight?.status).toBe("created");
    expect(inFlight!.lastSubmittedAt!.getTime()).toBeGreaterThanOrEqual(tokenArrivedAt);
    // 90 s on, the reconciler (which takes orders whose lease has run out) still leaves it to its sender.
    const due = await listDueOrders(database.db(), { now: new Date(Date.now() + 90_000), limit: 500 });
    expect(due.map((order) => order.id)).not.toContain(inFlight!.id);

    release();
    expect((await submitting).status).toBe("completed");
    expect(await findOrder(database.db(), inFlight!.id)).toMatchObject({ status: "completed" });
    expect(await remoteBalance("nobepay", card.providerCardId)).toBe("28.00");
  });
});
