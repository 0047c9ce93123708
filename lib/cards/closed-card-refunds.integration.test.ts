import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closedCardsToRecheckQuery, findCard, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { seedDemo } from "@/db/seed";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { providerForAccount } from "@/lib/providers/for-account";
import { withdrawRequestsOfClosedCard } from "@/lib/requests/cancel-request";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { followOrderToEnd } from "@/test/follow-order";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard } from "./issue-card";
import { requestCardChange } from "./request-card-change";
import { issueCardSchema } from "./schemas";
import { CLOSED_CARD_REFUND_WINDOW_DAYS } from "./closed-card-reads";
import { syncAccountCards } from "./sync-account-cards";
import { applyRemoteCard } from "./sync-card";
import { insertCardsClosingOverTime } from "@/test/closed-cards";
import { planNodes } from "@/test/query-plan";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The withdrawal of a closed card's requests, counted: it must run on the card's closing only, never on later reads.
vi.mock("@/lib/requests/cancel-request", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/requests/cancel-request")>();
  return { ...actual, withdrawRequestsOfClosedCard: vi.fn(actual.withdrawRequestsOfClosedCard) };
});

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};
const DAY_MS = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(database.db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(database.db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

const withdrawCalls = (cardId: string) => vi.mocked(withdrawRequestsOfClosedCard).mock.calls.filter(([, id]) => id === cardId).length;

async function sandboxPost(path: string, body: object) {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status, path).toBe(200);
  return (await response.json()) as { id: string; status: string };
}

/** What the provider says the card holds now (GET card), in minor units. */
async function providerBalance(providerCardId: string) {
  const provider = await providerForAccount(database.db(), accountIds.cardepass!);
  const remote = await provider.getCard(providerCardId);
  return { status: remote.status, balance: remote.balance?.amount };
}

/** A Cardepass Standard card issued through Cardhub with 40.00 on it, active. */
async function issuedCard(alias: string) {
  const finance = await sessionUserFor(database.db(), "finance@demo.test");
  const owner = await findUserByEmail(database.db(), "employee@demo.test");
  const input = issueCardSchema.parse({ kind: "cardepass-standard", accountId: accountIds.cardepass, productId: "DGG0C4JD", currency: "USD", alias, initialAmount: "40", ownerUserId: owner!.id });
  const issued = await issueCard(database.db(), finance, TEST_META, input);
  expect((await followOrderToEnd(database.db(), issued.orderId))?.status).toBe("completed");
  const card = (await findCard(database.db(), issued.cardId))!;
  expect(card).toMatchObject({ status: "active", closedAt: null });
  return card;
}

/**
 * A Cardepass Standard card issued with 40.00 that spent 12.34 at a merchant and was then cancelled through Cardhub
 * (the provider settles its remaining balance back to the funding account): returns it and the purchase to refund.
 */
async function cancelledCardWithPurchase(alias: string) {
  const finance = await sessionUserFor(database.db(), "finance@demo.test");
  const issued = await issuedCard(alias);
  const providerCardId = issued.providerCardId!;
  const purchase = await sandboxPost("/purchase", { provider: "cardepass", cardId: providerCardId, amount: "12.34", merchant: "DELTA AIR LINES", settle: true });
  expect(purchase.status).toBe("settled");
  const cancel = await requestCardChange(database.db(), finance, TEST_META, issued.id, { type: "cancel" });
  expect((await followOrderToEnd(database.db(), cancel.orderId))?.status).toBe("completed");
  const card = (await findCard(database.db(), issued.id))!;
  expect(card).toMatchObject({ status: "cancelled", balance: 0n });
  return { card, purchaseId: purchase.id };
}

/** The card was last read `ago` milliseconds back (an hour passing since the last sync read it). */
async function lastReadAgo(cardId: string, ago: number) {
  await updateCard(database.db(), cardId, { lastSyncedAt: new Date(Date.now() - ago) });
}

describe("a cancelled Cardepass card that receives a refund after its cancellation", () => {
  it("shows the provider's balance after the next sync, stays cancelled, and withdraws its requests only once", async () => {
    const { card, purchaseId } = await cancelledCardWithPurchase("Refunded after cancel");
    expect(card.closedAt).toBeInstanceOf(Date);
    expect(Math.abs(card.closedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // The cancel order withdrew the card's requests, once.
    expect(withdrawCalls(card.id)).toBe(1);

    await sandboxPost(`/transactions/${purchaseId}/refund`, { amount: "5.00" });
    expect(await providerBalance(card.providerCardId!)).toEqual({ status: "cancelled", balance: 500n });
    await lastReadAgo(card.id, 2 * 60 * 60 * 1000);

    const summary = await syncAccountCards(database.db(), accountIds.cardepass!);
    expect(summary.failed).toBe(0);
    const after = (await findCard(database.db(), card.id))!;
    expect(after).toMatchObject({ status: "cancelled", balance: 500n, closedAt: card.closedAt });
    expect(after.lastSyncedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    // The later read withdrew nothing and audited no second cancellation.
    expect(withdrawCalls(card.id)).toBe(1);
    const cancelled = await database
      .db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, card.id), eq(auditLog.action, "card.cancelled")));
    expect(cancelled).toHaveLength(1);
  });

  it("is read at most hourly: a refund shows once an hour has passed since the last read", async () => {
    const { card, purchaseId } = await cancelledCardWithPurchase("Hourly after cancel");
    await sandboxPost(`/transactions/${purchaseId}/refund`, { amount: "1.00" });
    // Read by the cancel's own refresh a moment ago: not yet again.
    await syncAccountCards(database.db(), accountIds.cardepass!);
    expect(await findCard(database.db(), card.id)).toMatchObject({ balance: 0n });
    await lastReadAgo(card.id, 61 * 60 * 1000);
    await syncAccountCards(database.db(), accountIds.cardepass!);
    expect(await findCard(database.db(), card.id)).toMatchObject({ status: "cancelled", balance: 100n });
  });

  it("is read at the next sync when the read after its cancellation was lost, not an hour later", async () => {
    const { card } = await cancelledCardWithPurchase("Read lost after cancel");
    // As if the process stopped between the cancel's end and its card read: the card still holds what it had before
    // (27.66 after the purchase), last read before it closed.
    await updateCard(database.db(), card.id, { balance: 2766n, lastSyncedAt: new Date(card.closedAt!.getTime() - 1_000) });
    expect(await providerBalance(card.providerCardId!)).toEqual({ status: "cancelled", balance: 0n });
    await syncAccountCards(database.db(), accountIds.cardepass!);
    expect(await findCard(database.db(), card.id)).toMatchObject({ status: "cancelled", balance: 0n });
  });

  it("is read within the refund window only, and a card that failed to issue is never read", async () => {
    const inside = await cancelledCardWithPurchase("Closed 119 days ago");
    const outside = await cancelledCardWithPurchase("Closed 121 days ago");
    const failed = await cancelledCardWithPurchase("Never issued");
    await updateCard(database.db(), inside.card.id, { closedAt: new Date(Date.now() - (CLOSED_CARD_REFUND_WINDOW_DAYS - 1) * DAY_MS) });
    await updateCard(database.db(), outside.card.id, { closedAt: new Date(Date.now() - (CLOSED_CARD_REFUND_WINDOW_DAYS + 1) * DAY_MS) });
    await updateCard(database.db(), failed.card.id, { status: "failed" });
    for (const { card, purchaseId } of [inside, outside, failed]) {
      await sandboxPost(`/transactions/${purchaseId}/refund`, { amount: "2.00" });
      await lastReadAgo(card.id, 2 * 60 * 60 * 1000);
    }
    const before = { outside: (await findCard(database.db(), outside.card.id))!, failed: (await findCard(database.db(), failed.card.id))! };

    await syncAccountCards(database.db(), accountIds.cardepass!);
    expect(await findCard(database.db(), inside.card.id)).toMatchObject({ status: "cancelled", balance: 200n });
    expect(await findCard(database.db(), outside.card.id)).toMatchObject({ status: "cancelled", balance: 0n, lastSyncedAt: before.outside.lastSyncedAt });
    expect(await findCard(database.db(), failed.card.id)).toMatchObject({ status: "failed", balance: 0n, lastSyncedAt: before.failed.lastSyncedAt });
  });
});

describe("a card closed at the provider, seen by a sync", () => {
  it("records when it closed and withdraws its requests on that change only, not on the reads after it", async () => {
    const open = await issuedCard("Cancelled at the provider");
    const provider = await providerForAccount(database.db(), accountIds.cardepass!);
    const remote = { ...(await provider.getCard(open.providerCardId!)), status: "cancelled" as const };

    expect(await applyRemoteCard(database.db(), open, remote, new Date())).toBe(true);
    const closed = (await findCard(database.db(), open.id))!;
    expect(closed.status).toBe("cancelled");
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(withdrawCalls(open.id)).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await applyRemoteCard(database.db(), closed, { ...remote, balance: { amount: 777n, currency: "USD" } }, new Date())).toBe(true);
    expect(await findCard(database.db(), open.id)).toMatchObject({ status: "cancelled", balance: 777n, closedAt: closed.closedAt });
    expect(withdrawCalls(open.id)).toBe(1);
  });
});

describe("a card that reaches Cardhub already cancelled", () => {
  it("closes at its provider's end_at, not at the import's time, and a later read that writes it closed keeps it so", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const owner = await findUserByEmail(database.db(), "employee@demo.test");
    const input = issueCardSchema.parse({ kind: "cardopenapi", accountId: accountIds.cardopenapi, productId: "cpi_6530de6a2f1c7", alias: "Issued elsewhere", initialAmount: "20", ownerUserId: owner!.id });
    const issued = await issueCard(database.db(), finance, TEST_META, input);
    expect((await followOrderToEnd(database.db(), issued.orderId))?.status).toBe("completed");
    const cancel = await requestCardChange(database.db(), finance, TEST_META, issued.cardId, { type: "cancel" });
    expect((await followOrderToEnd(database.db(), cancel.orderId))?.status).toBe("completed");
    const known = (await findCard(database.db(), issued.cardId))!;
    expect(known).toMatchObject({ status: "cancelled", closedAt: expect.any(Date) });
    // Cardhub forgets it, as if it had been issued and cancelled at the provider without Cardhub: the next sync imports it.
    await updateCard(database.db(), known.id, { providerCardId: `forgotten-${known.providerCardId}` });
    await syncAccountCards(database.db(), accountIds.cardopenapi!);
    const [imported] = await database.db().select().from(cards).where(and(eq(cards.providerAccountId, accountIds.cardopenapi!), eq(cards.providerCardId, known.providerCardId!)));
    // cardopenapi.md: "card_list.end_at datetime 是 完成销卡时间". A provider that gives no such time leaves it undated
    // (lib/cards/provider-close-time.integration.test.ts).
    const provider = await providerForAccount(database.db(), accountIds.cardopenapi!);
    const remote = await provider.getCard(known.providerCardId!);
    expect(remote.closedAt).toBeInstanceOf(Date);
    expect(imported).toMatchObject({ status: "cancelled", closedAt: remote.closedAt });

    expect(await applyRemoteCard(database.db(), imported!, { ...remote, status: "cancelled", closedAt: null, balance: { amount: 1n, currency: remote.currency } }, new Date())).toBe(true);
    expect(await findCard(database.db(), imported!.id)).toMatchObject({ status: "cancelled", closedAt: remote.closedAt });
  });
});

describe("the sync's query for cancelled cards in their refund window", () => {
  it("reads through cards_closed_recheck_idx, without a sort or a scan of cards, among many open cards", async () => {
    const db = database.db();
    const accountId = accountIds.cardopenapi!;
    const organizationId = (await sessionUserFor(db, "finance@demo.test")).organizationId;
    const now = Date.now();
    // The shape a run meets: more closed cards due in the window than one run reads (500), among many closed long ago
    // and many more open ones, last read one, two or three hours ago. With a handful due, the walk of the index and a
    // sort of the few cost the same and the planner's pick is a coin toss.
    await insertCardsClosingOverTime(db, {
      organizationId,
      providerAccountId: accountId,
      prefix: "bulk-",
      now: new Date(now),
      reads: (n) => ({ lastSyncedAt: sql`${new Date(now)}::timestamptz - (1 + ${n} % 3) * interval '1 hour'` }),
    });
    // Vacuumed as well as analysed, so the plan does not hang on whether autovacuum reached the table yet.
    await db.execute(sql`vacuum analyze cards`);

    const closedSince = new Date(now - CLOSED_CARD_REFUND_WINDOW_DAYS * DAY_MS);
    const syncedBefore = new Date(now - 60 * 60 * 1000);
    const query = closedCardsToRecheckQuery(db, { providerAccountId: accountId, closedSince, syncedBefore, limit: 500 });
    const result = await db.execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${query}`);
    const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
    expect(nodes.some((node) => node["Index Name"] === "cards_closed_recheck_idx")).toBe(true);
    expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "cards")).toEqual([]);
    // The 500 most recently closed of the account's cards closed within the window and not read in the last hour.
    const closed = await db.select().from(cards).where(and(eq(cards.providerAccountId, accountId), inArray(cards.status, ["cancelled", "expired"])));
    const due = closed
      .filter((card) => card.providerCardId !== null && card.closedAt && card.closedAt >= closedSince)
      .filter((card) => card.lastSyncedAt === null || card.lastSyncedAt < syncedBefore || card.lastSyncedAt < card.closedAt!)
      .sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime() || (a.id < b.id ? 1 : -1));
    expect(due.length).toBeGreaterThan(500);
    expect((await query).map((card) => card.id)).toEqual(due.slice(0, 500).map((card) => card.id));
  });
});
