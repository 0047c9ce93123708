/**
 * An approved request whose card has another change still open waits for it instead of failing (review races47, M1):
 * the open-order rule's refusal is the card's dialog telling a person to wait, not a reason to end a request nobody
 * is watching. It fails only when the card can no longer take the change (being cancelled) or the other change never
 * finishes (BUSY_CARD_LIMIT_MS), in words for the request page; and however often it waits, one order is placed.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { findUserByEmail } from "@/db/queries/users";
import { providerOrders } from "@/db/schema/provider-orders";
import { cardRequests } from "@/db/schema/requests";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange, type CardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { BUSY_CARD_LIMIT_MS } from "./busy-card";
import { createRequest } from "./create-request";
import { executeRequest } from "./execute-request";
import { executionKey } from "./execution-key";
import { failureOrigin } from "./failure-origin";
import { createRequestSchema } from "./schemas";

// pg-boss is not running here: the jobs the code enqueues are dropped, and the tests drive the executor themselves.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The busy check before the claim can miss a change placed a moment later: `missed` makes it see the card free.
const busyCheck = vi.hoisted(() => ({ missed: 0 }));
vi.mock("./busy-card", async (original) => {
  const actual = await original<typeof import("./busy-card")>();
  return {
    ...actual,
    busyCardVerdict: (...args: Parameters<typeof actual.busyCardVerdict>) => (busyCheck.missed-- > 0 ? null : actual.busyCardVerdict(...args)),
  };
});

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardepassAccountId = "";

beforeAll(async () => {
  // The provider carries an order out 400 ms after taking it: a change placed just before the executor's look is open.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 400 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
}, 120_000);
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** A live Cardepass card of the employee's, issued through the app: Standard holding $50.00, or ShareBalance $50/$500. */
async function employeeCard(model: "standard" | "sharebalance", alias: string): Promise<string> {
  const owner = await findUserByEmail(db(), "employee@demo.test");
  const common = { accountId: cardepassAccountId, productId: "DGG0C4JD", currency: "USD", alias, ownerUserId: owner!.id };
  const input =
    model === "standard"
      ? issueCardSchema.parse({ kind: "cardepass-standard", ...common, initialAmount: "50" })
      : issueCardSchema.parse({ kind: "cardepass-sharebalance", ...common, perTransactionLimit: "50", lifetimeLimit: "500" });
  const issued = await issueCard(db(), await as("finance"), TEST_META, input);
  expect(await followOrderToEnd(db(), issued.orderId)).toMatchObject({ status: "completed" });
  return issued.cardId;
}

async function approvedRequest(cardId: string, terms: Record<string, unknown>): Promise<string> {
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse({ ...terms, cardId, purpose: "Taxis" }));
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

const cardOrders = (cardId: string) => db().select().from(providerOrders).where(eq(providerOrders.cardId, cardId));
const sandboxBalance = async (cardId: string) => {
  const card = (await findCard(db(), cardId))!;
  const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { cardepass: { cards: { cardId: string; balance: string }[] } };
  return state.cardepass.cards.find((remote) => remote.cardId === card.providerCardId)!.balance;
};

describe("an approved request meeting another open change on its card", () => {
  it.each<[string, "standard" | "sharebalance", Record<string, unknown>, CardChange]>([
    ["a top-up, while finance's own top-up is open", "standard", { kind: "top_up", amount: "20" }, { type: "topup", amount: "10" }],
    ["a top-up, while a withdrawal is open", "standard", { kind: "top_up", amount: "20" }, { type: "withdraw", amount: "5" }],
    ["a limit increase, while finance's limits change is open", "sharebalance", { kind: "limit_increase", perTransactionLimit: "60", lifetimeLimit: "600" }, { type: "limits", perTransactionLimit: "50", lifetimeLimit: "550" }],
  ])("%s waits, places nothing meanwhile, and is carried out once that change ended", async (label, model, terms, direct) => {
    const cardId = await employeeCard(model, `Busy ${label.slice(0, 20)}`);
    const requestId = await approvedRequest(cardId, terms);
    const directOrderId = await openDirectChange(cardId, direct);

    const step = await executeRequest(db(), requestId);
    expect(step.request?.status, "a transient open order should make the executor wait, not fail the approved request").not.toBe("failed");
    // Left as it was: still approved (its requester may still cancel it; a card closed meanwhile withdraws it), with
    // nothing placed under its key and its next look scheduled, no later than a minute away.
    expect(step.request).toMatchObject({ status: "approved", failureMessage: null });
    expect(step.recheckAt).not.toBeNull();
    expect(step.recheckAt!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect((await findRequest(db(), requestId))?.nextCheckAt?.getTime()).toBe(step.recheckAt!.getTime());
    // MONEY: looking again while the card is busy never places an order.
    for (let look = 0; look < 3; look += 1) expect((await executeRequest(db(), requestId)).request?.status).toBe("approved");
    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).not.toContain("executing");

    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done", failureMessage: null });
    const orders = await cardOrders(cardId);
    expect(orders.filter((order) => order.type !== "issue").map((order) => `${order.type}:${order.status}`).sort()).toEqual([`${direct.type}:completed`, `${model === "standard" ? "topup" : "limits"}:completed`].sort());
    expect(orders.filter((order) => order.id === executionKey(requestId, 1))).toHaveLength(1);
  });

  it("tops the card up once, by exactly the request's amount, however many looks it waited through", async () => {
    const cardId = await employeeCard("standard", "Busy, counted");
    const requestId = await approvedRequest(cardId, { kind: "top_up", amount: "20" });
    const directOrderId = await openDirectChange(cardId, { type: "topup", amount: "10" });
    await Promise.all([executeRequest(db(), requestId), executeRequest(db(), requestId), executeRequest(db(), requestId)]);
    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
    await Promise.all([executeRequest(db(), requestId), executeRequest(db(), requestId)]);
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    // $50.00 issued, + $10.00 direct, + $20.00 requested: once each at the provider.
    expect(await sandboxBalance(cardId)).toBe("80.00");
    expect((await cardOrders(cardId)).filter((order) => order.type === "topup")).toHaveLength(2);
  });

  it("meeting the other change only under the card's lock, after its claim, stays executing and waits all the same", async () => {
    const cardId = await employeeCard("standard", "Busy, met late");
    const requestId = await approvedRequest(cardId, { kind: "top_up", amount: "20" });
    const directOrderId = await openDirectChange(cardId, { type: "topup", amount: "10" });
    busyCheck.missed = 1;
    const step = await executeRequest(db(), requestId);
    expect(step.request).toMatchObject({ status: "executing", failureMessage: null });
    expect(step.recheckAt!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
    expect((await executeRequest(db(), requestId)).request?.status).toBe("executing");
    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
    // The requests list reads this alone to show it waiting (isWaitingOnCard).
    expect((await findRequest(db(), requestId))?.cardBusySince).not.toBeNull();

    expect(await followOrderToEnd(db(), directOrderId)).toMatchObject({ status: "completed" });
    expect(await executeToEnd(db(), requestId)).toMatchObject({ status: "done" });
    // Cleared with its order written (requestCardChange): once placed, it no longer reads as waiting in the list.
    expect((await findRequest(db(), requestId))?.cardBusySince).toBeNull();
    expect(await sandboxBalance(cardId)).toBe("80.00");
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created", "approved", "executing", "executed"]);
  });

  it("fails at once, saying so, when the change open on the card is its cancellation", async () => {
    const cardId = await employeeCard("standard", "Busy, cancelling");
    const requestId = await approvedRequest(cardId, { kind: "top_up", amount: "20" });
    await openDirectChange(cardId, { type: "cancel" });

    const step = await executeRequest(db(), requestId);
    expect(step).toMatchObject({ request: { status: "failed", failureMessage: "The card is being cancelled, so this top-up was not made." }, recheckAt: null });
    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
    // Cardhub's own check stopped it, before anything was sent.
    expect(await failureOrigin(db(), step.request!)).toBe("cardhub");
  });

  it("fails once it has waited longer than the bound, counted from when it began waiting, not from the other change's age", async () => {
    const cardId = await employeeCard("standard", "Busy for a day");
    const requestId = await approvedRequest(cardId, { kind: "top_up", amount: "20" });
    const directOrderId = await openDirectChange(cardId, { type: "topup", amount: "10" });

    // The other change has been open for more than a day already: the request has only begun to wait, and waits.
    await db().update(providerOrders).set({ createdAt: new Date(Date.now() - BUSY_CARD_LIMIT_MS - 60_000) }).where(eq(providerOrders.id, directOrderId));
    const before = Date.now();
    const first = await executeRequest(db(), requestId);
    expect(first.request, "the bound counts from when the request began waiting, not from the other order's creation").toMatchObject({ status: "approved" });
    const since = (await findRequest(db(), requestId))?.cardBusySince;
    expect(since?.getTime()).toBeGreaterThanOrEqual(before);
    // Looking again keeps the time it began waiting.
    expect((await executeRequest(db(), requestId)).request?.status).toBe("approved");
    expect((await findRequest(db(), requestId))?.cardBusySince?.getTime()).toBe(since!.getTime());

    // Just inside the bound it still waits.
    const waited = (ms: number) => db().update(cardRequests).set({ cardBusySince: new Date(Date.now() - ms) }).where(eq(cardRequests.id, requestId));
    await waited(BUSY_CARD_LIMIT_MS - 60_000);
    expect((await executeRequest(db(), requestId)).request?.status).toBe("approved");

    await waited(BUSY_CARD_LIMIT_MS + 60_000);
    const step = await executeRequest(db(), requestId);
    expect(step.recheckAt).toBeNull();
    expect(step.request).toMatchObject({ status: "failed" });
    expect(step.request?.failureMessage).toBe(
      "This request waited 24 hours for another change to this card to finish, so this top-up was not made. Finance can retry this request once that change has ended.",
    );
    expect(step.request?.failureMessage).not.toMatch(/Wait for it to finish/);
    expect(await findOrder(db(), executionKey(requestId, 1))).toBeNull();
  });
});
