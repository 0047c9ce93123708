/**
 * An approved request waiting for another change to its card (lib/requests/busy-card.ts) has sent nothing to the
 * provider: its requester may still withdraw it, as before it was claimed, even once the executor has claimed it
 * (executing) and met the other change under the card's lock. The cancel and the executor's placement take the same
 * row lock on the request, and the placement writes its order only while the request is still executing under it, so
 * of a cancel and a placement racing each other exactly one happens: never a cancelled request whose order went out.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange, type CardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { pausePoint } from "@/test/pause-point";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { executionKey } from "./execution-key";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: the jobs the code enqueues are dropped, and the tests drive the executor themselves.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The busy check before the claim can miss a change placed a moment later: `missed` makes it see the card free, so the
// executor claims the request (executing) and meets the other change under the card's lock.
const busyCheck = vi.hoisted(() => ({ missed: 0 }));
vi.mock("./busy-card", async (original) => {
  const actual = await original<typeof import("./busy-card")>();
  return {
    ...actual,
    busyCardVerdict: (...args: Parameters<typeof actual.busyCardVerdict>) => (busyCheck.missed-- > 0 ? null : actual.busyCardVerdict(...args)),
  };
});
// Where the race tests hold the executor: just before its placement's transaction, or inside it once the order is
// written (its commit not yet made).
const points = vi.hoisted(() => ({ beforePlacement: null as null | (() => Promise<void>), orderWritten: null as null | (() => Promise<void>) }));
vi.mock("@/lib/cards/request-card-change", async (original) => {
  const actual = await original<typeof import("@/lib/cards/request-card-change")>();
  return {
    ...actual,
    requestCardChange: async (...args: Parameters<typeof actual.requestCardChange>) => {
      if (args[5]?.orderId) await points.beforePlacement?.();
      return actual.requestCardChange(...args);
    },
  };
});
vi.mock("@/db/queries/provider-orders", async (original) => {
  const actual = await original<typeof import("@/db/queries/provider-orders")>();
  return {
    ...actual,
    insertOrder: async (...args: Parameters<typeof actual.insertOrder>) => {
      const row = await actual.insertOrder(...args);
      await points.orderWritten?.();
      return row;
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId = "";
const realFetch = globalThis.fetch;

beforeAll(async () => {
  // The provider carries an order out 400 ms after taking it: a change placed just before the executor's look is open.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 400 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
}, 120_000);
afterEach(() => {
  points.beforePlacement = null;
  points.orderWritten = null;
  vi.restoreAllMocks();
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** A live Cardepass Standard card of the employee's, issued through the app, holding $50.00. */
async function employeeCard(alias: string): Promise<string> {
  const owner = await findUserByEmail(db(), "employee@demo.test");
  const input = issueCardSchema.parse({ kind: "cardepass-standard", accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, ownerUserId: owner!.id, initialAmount: "50" });
  const issued = await issueCard(db(), await as("finance"), TEST_META, input);
  expect(await followOrderToEnd(db(), issued.orderId)).toMatchObject({ status: "completed" });
  return issued.cardId;
}

/** The employee's $20.00 top-up request, approved. */
async function approvedTopUp(cardId: string): Promise<string> {
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse({ kind: "top_up", amount: "20", cardId, purpose: "Taxis" }));
  await approveAll(db(), requestId);
  expect((await findRequest(db(), requestId))?.status).toBe("approved");
  return requestId;
}

/** Finance's own change on the card, taken by the provider and not yet carried out. */
async function openDirectChange(cardId: string, change: CardChange): Promise<string> {
  const placed = await requestCardChange(db(), await as("finance"), TEST_META, cardId, change);
  expect(placed.status).toBe("pending");
  return placed.orderId;
}

const sandboxBalance = async (cardId: string) => {
  const card = (await findCard(db(), cardId))!;
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as { cardepass: { cards: { cardId: string; balance: string }[] } };
  return state.cardepass.cards.find((remote) => remote.cardId === card.providerCardId)!.balance;
};

/** Every top-up the app sends to the provider from now on, by its customer order number. */
function watchTopUps(): string[] {
  const sent: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (/\/orders\/[a-z]+\/topup/i.test(url) && typeof init?.body === "string") sent.push(String((JSON.parse(init.body) as { customerOrderNo?: unknown }).customerOrderNo));
    return realFetch(input, init);
  });
  return sent;
}

/** A request the executor claimed (executing) and left waiting for finance's open top-up, with nothing placed. */
async function requestWaitingOnBusyCard(alias: string): Promise<{ cardId: string; requestId: string; directOrderId: string }> {
  const cardId = await employeeCard(alias);
  const requestId = await approvedTopUp(cardId);
  const directOrderId = await openDirectChange(cardId, { type: "topup", amount: "10" });
  busyCheck.missed = 1;
  const step = await executeRequest(db(), requestId);
  expect(step.request).toMatchObject({ status: "executing", failureMessage: null });
  expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
  return { cardId, requestId, directOrderId };
}

const cancelledRows = (requestId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));

describe("an approved request waiting for another change to its card", () => {
  it("is cancelled by its requester though the executor has claimed it; audited; nothing is ever sent for it", async () => {
    const { cardId, requestId, directOrderId } = await requestWaitingOnBusyCard("Waiting, cancelled");
    const sent = watchTopUps();

    expect(await cancelRequest(db(), await as("employee"), TEST_META, { requestId })).toEqual({ status: "cancelled" });
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled", nextCheckAt: null, orderId: null });
    const events = await listRequestEvents(db(), requestId);
    expect(events.map((event) => event.type).slice(-2)).toEqual(["executing", "cancelled"]);
    const [row] = await cancelledRows(requestId);
    expect(row).toMatchObject({ actorEmail: "employee@demo.test", teamId: expect.any(String) });
    expect(row!.summary).toMatchObject({ kind: "top_up", wasStatus: "executing" });

    // The other change ends; the executor's later looks (the sweep, a queued job) place nothing.
    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
    for (let look = 0; look < 3; look += 1) expect((await executeRequest(db(), requestId)).request?.status).toBe("cancelled");
    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
    expect(sent).toEqual([]);
    // $50.00 issued + finance's $10.00: the request's $20.00 never reached the provider.
    expect(await sandboxBalance(cardId)).toBe("60.00");
  });

  it("is refused to anyone but its requester, as before it was claimed", async () => {
    const { requestId } = await requestWaitingOnBusyCard("Waiting, not theirs");
    await expect(cancelRequest(db(), await as("manager"), TEST_META, { requestId })).rejects.toMatchObject({ code: "forbidden" });
    expect((await findRequest(db(), requestId))?.status).toBe("executing");
  });

  it("cannot be cancelled once its order is written: the provider may have it", async () => {
    const { requestId, directOrderId } = await requestWaitingOnBusyCard("Waiting, then placed");
    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
    expect((await executeRequest(db(), requestId)).request?.status).toBe("executing");
    expect(await findOrder(db(), executionKey(requestId, 1))).not.toBeNull();
    await expect(cancelRequest(db(), await as("employee"), TEST_META, { requestId })).rejects.toMatchObject({
      code: "conflict",
      message: "The request is already being carried out and can no longer be cancelled.",
    });
  });
});

describe("a cancel racing the executor's placement", () => {
  it("cancel first: the placement that follows writes and sends nothing", async () => {
    const { cardId, requestId, directOrderId } = await requestWaitingOnBusyCard("Race, cancel wins");
    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
    const sent = watchTopUps();

    // The executor has claimed the request and read no order under its key: it is about to place one.
    const hold = pausePoint();
    points.beforePlacement = () => hold.reach();
    const { reached, release } = hold.arm();
    const executing = executeRequest(db(), requestId);
    await reached;
    expect(await cancelRequest(db(), await as("employee"), TEST_META, { requestId })).toEqual({ status: "cancelled" });
    release();
    expect((await executing).request?.status).toBe("cancelled");

    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
    expect(sent).toEqual([]);
    expect(await sandboxBalance(cardId)).toBe("60.00");
    expect(await cancelledRows(requestId)).toHaveLength(1);
  });

  it("placement first: the cancel waits for its commit, then is refused; the request is carried out once", async () => {
    const { cardId, requestId, directOrderId } = await requestWaitingOnBusyCard("Race, placement wins");
    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });

    // The executor's placement has written its order, in a transaction not committed yet.
    const hold = pausePoint();
    points.orderWritten = () => hold.reach();
    const { reached, release } = hold.arm();
    const executing = executeRequest(db(), requestId);
    await reached;
    const cancelling = cancelRequest(db(), await as("employee"), TEST_META, { requestId }).then(
      () => "cancelled",
      (error: { code?: string }) => error.code,
    );
    // The cancel is held on the request's row lock, not deciding on a read that misses the uncommitted order.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rows } = await db().execute<{ waiting: number }>(sql`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`);
    expect(rows[0]!.waiting).toBeGreaterThanOrEqual(1);
    release();
    expect(await cancelling).toBe("conflict");
    await executing;

    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    expect(await sandboxBalance(cardId)).toBe("80.00");
    expect(await cancelledRows(requestId)).toHaveLength(0);
  });

  it("run together many times: each ends either cancelled with nothing sent, or done with the cancel refused", async () => {
    for (let round = 0; round < 4; round += 1) {
      const { cardId, requestId, directOrderId } = await requestWaitingOnBusyCard(`Race ${round}`);
      expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
      const [cancel] = await Promise.all([
        cancelRequest(db(), await as("employee"), TEST_META, { requestId }).then(
          () => "cancelled",
          (error: { code?: string }) => error.code,
        ),
        executeRequest(db(), requestId),
      ]);
      const order = await findOrder(db(), executionKey(requestId, 1));
      if (cancel === "cancelled") {
        expect(order, `round ${round}: a cancelled request's order was written`).toBeNull();
        expect((await findRequest(db(), requestId))?.status).toBe("cancelled");
        expect(await sandboxBalance(cardId)).toBe("60.00");
      } else {
        expect(cancel).toBe("conflict");
        expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
        expect(await sandboxBalance(cardId)).toBe("80.00");
      }
    }
  });
});
