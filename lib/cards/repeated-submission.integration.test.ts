/**
 * A money action whose answer was lost on the way back to the browser: the dialog (or the issue form) sends it again
 * with the same order id, made once per opening, and the server follows the order the first call placed instead of
 * placing a second. Nobody reaches another person's or another card's order by its id.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard } from "./issue-card";
import { issueCardSchema } from "./schemas";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { topUpCardAction } = await import("@/lib/actions/cards/top-up-card");
const { issueCardAction } = await import("@/lib/actions/cards/issue-card");

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let nobepayAccountId = "";
const realFetch = globalThis.fetch;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await db().update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || ${JSON.stringify({ timeoutMs: 5000, maxRetryMs: 1500 })}::jsonb`, updatedAt: new Date() });
  nobepayAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "nobepay")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});
afterEach(() => {
  vi.restoreAllMocks();
  session.user = null;
});
afterAll(async () => sandbox?.close());

const signIn = async (email: string) => (session.user = await sessionUserFor(db(), email));

async function remoteBalance(providerCardId: string | null): Promise<string | undefined> {
  const state = (await (await realFetch(`${sandbox.url}/_sandbox/state`)).json()) as { nobepay: { cards: { cardId: string; balance: string }[] } };
  return state.nobepay.cards.find((card) => card.cardId === providerCardId)?.balance;
}

/** Counts the provider requests the app sends, by path. */
function providerRequests() {
  const sent: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    sent.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return realFetch(input, init);
  });
  return (suffix: string) => sent.filter((path) => path.endsWith(suffix)).length;
}

const nobepayCard = (alias: string, ownerUserId: string) => ({
  kind: "nobepay" as const,
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

async function activeCard(alias: string) {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const issued = await issueCard(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, issueCardSchema.parse(nobepayCard(alias, employee.id)));
  await followOrderToEnd(db(), issued.orderId);
  const card = (await findCard(db(), issued.cardId))!;
  expect(card.status).toBe("active");
  return card;
}

const topUpsOf = (cardId: string) => db().select().from(providerOrders).where(and(eq(providerOrders.cardId, cardId), eq(providerOrders.type, "topup")));

describe("a top-up sent again with the order id of its first submission", () => {
  it("is deposited once: the repeat follows the first order", async () => {
    const card = await activeCard("Repeated top-up");
    await signIn("finance@demo.test");
    const orderId = randomUUID();
    const count = providerRequests();

    const first = await topUpCardAction({ cardId: card.id, amount: "5.00", orderId });
    // The answer to the first call never reached the browser; the person sends it again from the same dialog.
    const again = await topUpCardAction({ cardId: card.id, amount: "5.00", orderId });

    expect(count("/card/deposit")).toBe(1);
    expect(await topUpsOf(card.id)).toHaveLength(1);
    expect(await remoteBalance(card.providerCardId)).toBe("30.00");
    expect(first).toMatchObject({ ok: true, data: { orderId, status: "completed" } });
    expect(again).toMatchObject({ ok: true, data: { orderId, status: "completed" } });
    // The id travels in capitals too: it is the same id.
    expect(await topUpCardAction({ cardId: card.id, amount: "5", orderId: orderId.toUpperCase() })).toMatchObject({ ok: true, data: { orderId } });
    expect(count("/card/deposit")).toBe(1);
  });

  it("refuses the id for another person or another card as not found, and for another amount as a conflict", async () => {
    const card = await activeCard("Someone else's order");
    const other = await activeCard("Another card");
    await signIn("finance@demo.test");
    const orderId = randomUUID();
    expect(await topUpCardAction({ cardId: card.id, amount: "5.00", orderId })).toMatchObject({ ok: true, data: { orderId, status: "completed" } });
    const count = providerRequests();

    await signIn("finance2@demo.test");
    expect(await topUpCardAction({ cardId: card.id, amount: "5.00", orderId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    await signIn("finance@demo.test");
    expect(await topUpCardAction({ cardId: other.id, amount: "5.00", orderId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    const changed = await topUpCardAction({ cardId: card.id, amount: "7.00", orderId });
    expect(changed).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/already sent/) } });

    expect(count("/card/deposit")).toBe(0);
    expect(await topUpsOf(card.id)).toHaveLength(1);
    expect(await topUpsOf(other.id)).toHaveLength(0);
    expect(await remoteBalance(card.providerCardId)).toBe("30.00");
    expect(await remoteBalance(other.providerCardId)).toBe("25.00");
  });

  it("never takes a card request's id, which is the key its approved execution places the order under", async () => {
    const card = await activeCard("Request key");
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: card.id, amount: "5.00", purpose: "Software renewal" }));
    await signIn("finance@demo.test");
    const count = providerRequests();
    expect(await topUpCardAction({ cardId: card.id, amount: "5.00", orderId: requestId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(count("/card/deposit")).toBe(0);
    expect(await topUpsOf(card.id)).toHaveLength(0);
  });
});

describe("the issue form sent again with the order id of its first submission", () => {
  it("issues one card, and nobody else reaches that order by its id", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    await signIn("finance@demo.test");
    const orderId = randomUUID();
    const input = { ...nobepayCard("Issued once", employee.id), orderId };
    const count = providerRequests();

    const first = await issueCardAction(input);
    const again = await issueCardAction(input);

    expect(count("/card/create")).toBe(1);
    expect(await db().select().from(cards).where(eq(cards.alias, "Issued once"))).toHaveLength(1);
    expect(first).toMatchObject({ ok: true, data: { orderId } });
    expect(again).toMatchObject({ ok: true, data: { orderId, cardId: first.ok ? first.data.cardId : "" } });

    await signIn("finance2@demo.test");
    expect(await issueCardAction(input)).toMatchObject({ ok: false, error: { code: "not_found" } });
    await signIn("finance@demo.test");
    expect(await issueCardAction({ ...input, initialAmount: "30.00" })).toMatchObject({ ok: false, error: { code: "conflict", message: expect.stringMatching(/already sent/) } });
    expect(count("/card/create")).toBe(1);
    expect(await db().select().from(cards).where(eq(cards.alias, "Issued once"))).toHaveLength(1);
  });

  // The repeat is not held either: the first submission, going on in the background, holds the order's submission
  // lease, so the repeat's follow-up does not send it again; one whose lease ran out is followed within the wait too.
  it("answers the form within its wait on a slow provider, the first time and when sent again", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const orderId = randomUUID();
    const input = issueCardSchema.parse(nobepayCard("Slow twice", employee.id));
    await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "nobepay", latencyMs: 1500 }) });
    try {
      for (const attempt of ["first", "again"]) {
        const began = Date.now();
        const result = await issueCard(db(), finance, TEST_META, input, { orderId, answerWithinMs: 200 });
        expect({ attempt, fast: Date.now() - began < 1_400 }).toEqual({ attempt, fast: true });
        expect(result).toMatchObject({ orderId, status: "created" });
      }
    } finally {
      await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    }
    // One card and one order, which ends on its own.
    expect(await db().select().from(cards).where(eq(cards.alias, "Slow twice"))).toHaveLength(1);
    expect((await followOrderToEnd(db(), orderId))?.status).toBe("completed");
  });
});
