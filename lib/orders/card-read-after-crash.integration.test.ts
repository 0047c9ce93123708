/**
 * A worker that dies between recording an order's end and reading its card again leaves the card's balance as it was
 * before the order (review races47, L1): the follow-order job's retry finds the order final and must still read the
 * card, rather than leave it to the periodic card sync minutes later. It reads only a card not read since the order
 * ended: a final order's card read after it is not asked about again.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { followOrderJob } from "@/lib/jobs/follow-order-job";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "@/lib/requests/create-request";
import { executeRequest } from "@/lib/requests/execute-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { approveAll } from "@/test/request-execution";
import { followOrder } from "./follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The worker dies right after the order's end is committed: the card is not read again.
const crash = vi.hoisted(() => ({ afterEnd: 0 }));
vi.mock("@/lib/orders/after-order-ended", async (original) => {
  const actual = await original<typeof import("@/lib/orders/after-order-ended")>();
  return {
    ...actual,
    afterOrderEnded: async (...args: Parameters<typeof actual.afterOrderEnded>) => {
      if (crash.afterEnd > 0) {
        crash.afterEnd -= 1;
        throw new Error("the worker died: order recorded, card not read again");
      }
      return actual.afterOrderEnded(...args);
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  // The provider carries a top-up out 40 ms after taking it: the first answer is "pending", the follow-up ends it.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  expect((await refreshAllProducts(db())).failed).toEqual([]);
}, 120_000);
afterEach(() => vi.restoreAllMocks());
afterAll(async () => sandbox?.close());

/** A Cardepass Standard card issued through the app with $50.00 on it, read once since. */
async function standardCard(alias: string): Promise<string> {
  const accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  const owner = await findUserByEmail(db(), "employee@demo.test");
  const input = issueCardSchema.parse({ kind: "cardepass-standard", accountId, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "50", ownerUserId: owner!.id });
  const issued = await issueCard(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, input);
  expect(await followOrderToEnd(db(), issued.orderId)).toMatchObject({ status: "completed" });
  expect((await findCard(db(), issued.cardId))?.balance).toBe(5_000n);
  return issued.cardId;
}

async function providerBalance(cardId: string): Promise<bigint> {
  const card = (await findCard(db(), cardId))!;
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as { cardepass: { cards: { cardId: string; balance: string }[] } };
  return BigInt(Math.round(Number(state.cardepass.cards.find((remote) => remote.cardId === card.providerCardId)!.balance) * 100));
}

/** A $2.00 top-up taken by the provider, whose follow-up ends it and then dies before reading the card. */
async function topUpEndedByDyingWorker(cardId: string): Promise<string> {
  const placed = await requestCardChange(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, cardId, { type: "topup", amount: "2" });
  expect(placed.status).toBe("pending");
  crash.afterEnd = 1;
  await expect(followOrderToEnd(db(), placed.orderId)).rejects.toThrow(/the worker died/);
  expect(await findOrder(db(), placed.orderId)).toMatchObject({ status: "completed" });
  expect((await findCard(db(), cardId))?.balance).toBe(5_000n);
  return placed.orderId;
}

describe("a crash between an order's end and its card's read", () => {
  it("the follow-order job's retry reads the card the dead worker did not", async () => {
    const cardId = await standardCard("Read after crash");
    const orderId = await topUpEndedByDyingWorker(cardId);
    expect(await providerBalance(cardId)).toBe(5_200n);

    // pg-boss hands the dead worker's job out again.
    await followOrderJob.run({ orderId }, db());
    expect((await findCard(db(), cardId))?.balance).toBe(5_200n);
  });

  it("an approved request's next run reads the card its dead executor did not", async () => {
    const cardId = await standardCard("Executor read after crash");
    const { requestId } = await createRequest(db(), await sessionUserFor(db(), "employee@demo.test"), TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "2", purpose: "Taxis" }));
    await approveAll(db(), requestId);
    expect((await executeRequest(db(), requestId)).request?.status).toBe("executing");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db().update(providerOrders).set({ nextCheckAt: null }).where(eq(providerOrders.id, requestId));
    // The executor follows the order to its end, and dies there.
    crash.afterEnd = 1;
    await expect(executeRequest(db(), requestId)).rejects.toThrow(/the worker died/);
    expect(await findOrder(db(), requestId)).toMatchObject({ status: "completed" });
    expect((await findCard(db(), cardId))?.balance).toBe(5_000n);

    // The sweep drives the request again.
    expect((await executeRequest(db(), requestId)).request?.status).toBe("done");
    expect((await findCard(db(), cardId))?.balance).toBe(await providerBalance(cardId));
    expect((await findCard(db(), cardId))?.balance).toBe(5_200n);
  });

  it("a repeated follow-up of a final order whose card was read since asks the provider nothing", async () => {
    const cardId = await standardCard("Read once");
    const orderId = await topUpEndedByDyingWorker(cardId);
    expect(await followOrder(db(), orderId)).toMatchObject({ status: "completed" });
    expect((await findCard(db(), cardId))?.balance).toBe(5_200n);

    const sent: string[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    });
    expect(await followOrder(db(), orderId)).toMatchObject({ status: "completed" });
    await followOrderJob.run({ orderId }, db());
    expect(sent).toEqual([]);
  });
});
