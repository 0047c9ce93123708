/**
 * A NobePay top-up that finance records as carried out must not make the next top-up of the same amount look absent.
 * NobePay keeps no order to look up: a top-up whose answer was lost is found in the card's history, skipping one entry
 * for each same-amount order that completed from 5 minutes before it was placed. A resolved order completed "now"
 * (the moment of the resolution, hours after its deposit) was counted there, so the next top-up's own entry was
 * skipped and its deposit sent again. From review diff37 (F1).
 *
 * Only time is set by the test: the first top-up is aged into review (six hours of unknown outcome), NobePay's history
 * dates its deposit at its send time (the fetch spy moves that one entry back), and the second top-up's last send is
 * moved past the lookup grace.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { lostOrders } from "@/test/lost-orders";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { followOrder } from "./follow-order";
import { resolveOrderReview } from "./resolve-order";
import { resolveOrderSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let nobePayAccount = "";
const realFetch = globalThis.fetch;
const { activeCard } = lostOrders(db, () => sandbox.url, realFetch);
const SEVEN_HOURS_MS = 7 * 3_600_000;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await db().update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || ${JSON.stringify({ timeoutMs: 400, maxRetryMs: 1500 })}::jsonb`, updatedAt: new Date() });
  nobePayAccount = (await listProviderAccounts(db())).find((account) => account.provider === "nobepay")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => sandbox?.close());

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** NobePay's next answer arrives cut in half: it carries the deposit out, Cardhub cannot read that it did. */
const loseNextNobePayAnswer = () =>
  realFetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "nobepay", failNext: 1, failMode: "malformed" }) });

async function nobePayBalance(providerCardId: string | null): Promise<string | undefined> {
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as Record<string, { cards: { cardId: string; balance: string }[] }>;
  return state.nobepay!.cards.find((card) => card.cardId === providerCardId)?.balance;
}

async function lostTopUp(cardId: string): Promise<string> {
  await loseNextNobePayAnswer();
  const topUp = await requestCardChange(db(), await as("finance"), TEST_META, cardId, { type: "topup", amount: "5.00" });
  expect(topUp.status).toBe("created");
  return topUp.orderId;
}

/**
 * A $5.00 top-up O1 on a $25.00 card whose answer was lost, sent seven hours ago, handed to a person, and ended as
 * `endFirst` says; then the next $5.00 top-up O2, whose answer is lost too, looked for in the history by the job.
 */
async function secondTopUpAfterAReview(alias: string, endFirst: (orderId: string) => Promise<void>) {
  const card = await activeCard("nobepay", nobePayAccount, alias);
  const firstSentAt = new Date(Date.now() - SEVEN_HOURS_MS);
  const beforeFirst = Date.now();
  const first = await lostTopUp(card.id);
  const afterFirst = Date.now();
  expect(await nobePayBalance(card.providerCardId)).toBe("30.00");

  // From here NobePay's history dates O1's deposit when O1 was sent, seven hours ago.
  const sent: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push(url.pathname);
    const response = await realFetch(input, init);
    if (!url.pathname.endsWith("/card/order/list")) return response;
    const body = (await response.json()) as { data: { data: { type: string; tradeAt: number }[] } };
    for (const entry of body.data.data) if (entry.type === "TOPUP_CARD" && entry.tradeAt >= beforeFirst && entry.tradeAt <= afterFirst) entry.tradeAt -= SEVEN_HOURS_MS;
    return Response.json(body, { status: response.status });
  });
  await db().update(providerOrders).set({ createdAt: firstSentAt, lastSubmittedAt: firstSentAt, nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, first));
  expect(await followOrder(db(), first)).toMatchObject({ status: "needs_review" });
  await endFirst(first);

  const second = await lostTopUp(card.id);
  expect(await nobePayBalance(card.providerCardId)).toBe("35.00");
  await db().update(providerOrders).set({ lastSubmittedAt: new Date(Date.now() - 3_600_000), nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, second));
  sent.length = 0;
  const secondAfterLookup = await followOrder(db(), second);

  return {
    first: await findOrder(db(), first),
    firstSentAt,
    second: secondAfterLookup?.status,
    depositsSentAgain: sent.filter((path) => path.endsWith("/card/deposit")).length,
    balance: await nobePayBalance(card.providerCardId),
  };
}

describe("a NobePay top-up recorded as carried out, then the next top-up of the same amount", () => {
  it("the resolved order completes when it was sent, so the next top-up's lookup finds its own deposit and sends nothing again", async () => {
    const finance2 = await as("finance2");
    const outcome = await secondTopUpAfterAReview("Resolved then topped up", async (orderId) => {
      expect(await resolveOrderReview(db(), finance2, TEST_META, resolveOrderSchema.parse({ orderId, outcome: "done", note: "NobePay portal lists the $5.00 top-up" }))).toMatchObject({ status: "completed" });
    });
    // Two top-ups approved, two at NobePay: $25.00 + $5.00 + $5.00.
    expect({ second: outcome.second, depositsSentAgain: outcome.depositsSentAgain, balance: outcome.balance }).toEqual({ second: "completed", depositsSentAgain: 0, balance: "35.00" });
    expect(outcome.first).toMatchObject({ status: "completed", completedAt: outcome.firstSentAt });
  });

  it("the same when the job's own look finds the first deposit in the history (it completes at the entry's time)", async () => {
    const outcome = await secondTopUpAfterAReview("Found then topped up", async (orderId) => {
      await db().update(providerOrders).set({ nextCheckAt: new Date(Date.now() - 1000) }).where(eq(providerOrders.id, orderId));
      expect(await followOrder(db(), orderId)).toMatchObject({ status: "completed" });
    });
    expect(outcome.first?.status).toBe("completed");
    expect({ second: outcome.second, depositsSentAgain: outcome.depositsSentAgain, balance: outcome.balance }).toEqual({ second: "completed", depositsSentAgain: 0, balance: "35.00" });
  });
});
