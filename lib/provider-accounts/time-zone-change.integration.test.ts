/**
 * Card OPEN-API writes its times with no zone (cardopenapi.md: `"2023-11-24 02:53:47"`), read in the account's zone.
 * An account read in the wrong zone for months, corrected in Settings (the action the form calls): every row it ever
 * stored, those older than the 90 days the daily re-read reaches too, holds the instant the provider's own time names in
 * the new zone, and the totals rollups agree with the rows at every step; the re-read then moves nothing. The oracle
 * is the provider's list read again in the new zone (the sandbox over HTTP) and, for rows older than its history, the
 * adapter's own reading of the same trade in the new zone. The same holds for the account's orders: a top-up's
 * completion time (the provider's finish_at) and the fee it taught the product ("last charged") move with the change,
 * while times Cardhub took from its own clock (a freeze, which the provider answers with no time) stay. Cardepass times
 * carry their own offset: its zone changes none of its rows.
 */
import { and, desc, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deleteWalkCheckpoints, findWalkCheckpoint } from "@/db/queries/sync-walks";
import { findOrder, insertOrder } from "@/db/queries/provider-orders";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { timesToMoveQuery } from "@/db/queries/transaction-time-zone-correction";
import { claimTransactionSync, releaseTransactionSync } from "@/db/queries/transactions-sync";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { products } from "@/db/schema/products";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import type { SessionUser } from "@/lib/auth/session-user";
import { formatUtcDate } from "@/lib/format";
import { performOrder, type OrderRequest } from "@/lib/orders/order-request";
import { settleOrder } from "@/lib/orders/settle-order";
import { orderTarget } from "@/lib/orders/submit-order";
import { createProvider } from "@/lib/providers";
import { toTransaction } from "@/lib/providers/cardopenapi/transform";
import { providerForAccount } from "@/lib/providers/for-account";
import type { TransactionQuery } from "@/lib/providers/types";
import { parseProviderTime } from "@/lib/time";
import { DEEP_LISTING } from "@/lib/transactions/deep-reread";
import { ingestTransactions } from "@/lib/transactions/ingest";
import { toLedgerRow } from "@/lib/transactions/ledger-row";
import { syncAccountTransactions, syncAllTransactions } from "@/lib/transactions/sync-account";
import { BATCH_ROWS, moveTimesToCorrectedZone, TIME_ZONE_CORRECTION } from "@/lib/transactions/time-zone-correction";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { planNodes } from "@/test/query-plan";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { accountOf, listEverything, sandboxAdmin, withList } from "@/test/transaction-sync";
import { teamIdNamed } from "@/test/team-named";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
const { editProviderAccountAction } = await import("@/lib/actions/provider-accounts/edit-provider-account");
const { setProviderAccountActiveAction } = await import("@/lib/actions/provider-accounts/set-provider-account-active");

const database = withTestDatabase();
const db = () => database.db();
const sandbox = withSeededSandbox(db);
const CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
/** The sandbox writes UTC; the account was read in New York's zone, whose offset changes with DST (−4 h, −5 h). */
const WRONG = "America/New_York";
const RIGHT = "UTC";
/** A zone without DST, so that every time stored in it reads back exactly. */
const KOLKATA = "Asia/Kolkata";

/**
 * Trades the provider lists no more (older than its history), stored when they were read, under the wrong zone:
 * summer and winter time, the hour New York repeats on 2025-11-02, one with only a settlement time, a reversed and a
 * declined one with only a settlement time (kept as when they happened, though not as settled_at), and one with
 * neither (its time is when Cardhub read it, which no zone made).
 */
const OLD_TRADES = [
  { trade_id: "OLD-SUMMER", trade_status: 2, amount: "-30.00", trade_at: "2026-07-15 23:30:00", settle_at: "2026-07-16 02:10:00" },
  { trade_id: "OLD-WINTER", trade_status: 2, amount: "-12.50", trade_at: "2026-01-31 21:00:00", settle_at: "2026-02-01 00:20:00" },
  { trade_id: "OLD-REPEATED-HOUR", trade_status: 2, amount: "-7.00", trade_at: "2025-11-02 01:30:00", settle_at: "2025-11-02 05:00:00" },
  { trade_id: "OLD-SETTLED-ONLY", trade_status: 2, amount: "-4.25", trade_at: "", settle_at: "2026-03-31 22:45:00" },
  { trade_id: "OLD-REFUND", trade_type: 2, trade_status: 2, amount: "9.00", trade_at: "2026-05-01 20:00:00", settle_at: "2026-05-02 01:00:00" },
  { trade_id: "OLD-REVERSED-SETTLE-ONLY", trade_status: 4, amount: "-6.00", trade_at: "", settle_at: "2026-05-31 22:30:00" },
  { trade_id: "OLD-DECLINED-SETTLE-ONLY", trade_status: 3, amount: "-5.00", trade_at: "", settle_at: "2026-01-31 23:10:00" },
  { trade_id: "OLD-NO-TIME", trade_status: 1, amount: "-3.00", trade_at: "", settle_at: "" },
].map((trade) => ({ trade_type: 1, card_id: CARD, currency: "USD", merchant_name: "GITHUB", ...trade }));
const NO_TIME_READ_AT = new Date("2026-04-10T08:00:00Z");

type Times = { authorisedAt: number | null; settledAt: number | null; occurredAt: number };
let accountId: string;
let organizationId: string;
let teamId: string;
let cardId: string;
let productId: string;
/** A top-up the provider completed (its finish_at read in the account's zone), and a freeze and an unfreeze it did not date. */
let topUpId: string;
let undatedIds: string[];

async function asAdmin() {
  session.user = await sessionUserFor(db(), "admin@demo.test");
}

async function timesOf(id: string): Promise<Map<string, Times>> {
  const rows = await db().select().from(transactions).where(eq(transactions.providerAccountId, id));
  return new Map(
    rows.map((row) => [row.providerTransactionId, { authorisedAt: row.authorisedAt?.getTime() ?? null, settledAt: row.settledAt?.getTime() ?? null, occurredAt: row.occurredAt.getTime() }]),
  );
}

/** Each row's times as a read in `zone` stores them: the provider's list for what it still lists, else the trade itself. */
async function expectedTimes(zone: string, stored: Map<string, Times>): Promise<Map<string, Times>> {
  const expected = new Map<string, Times>();
  const times = (row: ReturnType<typeof toLedgerRow>): Times => ({ authorisedAt: row.authorisedAt?.getTime() ?? null, settledAt: row.settledAt?.getTime() ?? null, occurredAt: row.occurredAt.getTime() });
  for (const trade of OLD_TRADES) expected.set(trade.trade_id, times(toLedgerRow(toTransaction(trade, { timeZone: zone, currency: "USD" }), NO_TIME_READ_AT, "list")));
  const listed = await listEverything(await providerForAccount(db(), accountId));
  for (const item of listed) expected.set(item.providerTransactionId, times(toLedgerRow(item, new Date(), "list")));
  expect(listed.length).toBeGreaterThan(10);
  expect([...expected.keys()].sort()).toEqual([...stored.keys()].sort());
  return expected;
}

/** Every UTC day a row of the account stands on in any of `snapshots`. */
const daysOf = (...snapshots: Map<string, Times>[]) => [...new Set(snapshots.flatMap((times) => [...times.values()].map((row) => formatUtcDate(new Date(row.occurredAt)))))].sort();

/** The adapter of the account as it would read in `zone`. */
async function adapterIn(zone: string) {
  const row = await accountOf(db(), "cardopenapi");
  return createProvider(toProviderAccountConfig({ ...row, settings: { ...row.settings, timeZone: zone } }));
}

/** The top-up's completion time as a read of the provider's order in `zone` gives it. */
async function completionReadIn(zone: string, orderId = topUpId): Promise<number> {
  const order = (await findOrder(db(), orderId))!;
  const read = await (await adapterIn(zone)).getOrder({ type: "topup", customerOrderNo: order.id, providerOrderId: order.providerOrderId ?? undefined });
  return read.completedAt!.getTime();
}

/** The stored completion time of the account's orders, and when the product's fee was last charged. */
async function orderTimes(): Promise<{ topUp: number; undated: number[]; feeCharged: unknown }> {
  const topUp = (await findOrder(db(), topUpId))!;
  const undated = await Promise.all(undatedIds.map(async (id) => (await findOrder(db(), id))!.completedAt!.getTime()));
  const [product] = await db().select({ fees: products.fees }).from(products).where(eq(products.id, productId));
  const charged = (product!.fees as Record<string, { observedAt?: string; orderId?: string }>)["prepaid:topup"];
  return { topUp: topUp.completedAt!.getTime(), undated, feeCharged: charged && { at: Date.parse(charged.observedAt!), orderId: charged.orderId } };
}

/** An order on the test card, followed as the job would until the provider says how it ended. */
async function placeOrder(request: OrderRequest): Promise<string> {
  const order = await insertOrder(db(), {
    organizationId,
    providerAccountId: accountId,
    cardId,
    type: request.type,
    currency: "USD",
    amount: "amount" in request ? BigInt(request.amount) : null,
    request,
  });
  expect(await followOrderToEnd(db(), order.id)).toMatchObject({ status: "completed" });
  return order.id;
}

async function editZone(timeZone: string) {
  const account = await accountOf(db(), "cardopenapi");
  expect(await editProviderAccountAction({ accountId: account.id, label: account.label, baseUrl: account.baseUrl, credentials: {}, timeZone, apiVersion: account.settings.apiVersion })).toMatchObject({ ok: true });
}

beforeAll(async () => {
  const account = await accountOf(db(), "cardopenapi");
  accountId = account.id;
  organizationId = account.organizationId;
  teamId = await teamIdNamed(db(), "Operations");
  await db().update(cards).set({ teamId }).where(and(eq(cards.providerAccountId, accountId), eq(cards.providerCardId, CARD)));
  // Connected with the wrong zone: nothing has been read yet.
  await db().update(providerAccounts).set({ settings: { ...account.settings, timeZone: WRONG }, updatedAt: new Date() }).where(eq(providerAccounts.id, accountId));
  const [card] = await db().select().from(cards).where(and(eq(cards.providerAccountId, accountId), eq(cards.providerCardId, CARD)));
  cardId = card!.id;
  // The card's product publishes no fees here, so the top-up's fee becomes its "last charged" one, dated by the order.
  const [product] = await db().insert(products).values({ providerAccountId: accountId, providerProductId: "TZ-PRODUCT", name: "TZ product", fees: {} }).returning();
  productId = product!.id;
  await db().update(cards).set({ productId }).where(eq(cards.id, cardId));
  topUpId = await placeOrder({ type: "topup", amount: "2000" });
  undatedIds = [await placeOrder({ type: "freeze" }), await placeOrder({ type: "unfreeze" })];
  await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 60 });
  await sandboxAdmin(sandbox().url, "/purchase", { provider: "cardopenapi", cardId: CARD, amount: "5.00", merchant: "GITHUB" });
  await syncAccountTransactions(db(), accountId);
  for (const trade of OLD_TRADES)
    await db().transaction((tx) => ingestTransactions(tx, { id: accountId, organizationId }, [toTransaction(trade, { timeZone: WRONG, currency: "USD" })], NO_TIME_READ_AT, "list"));
}, 120_000);
afterAll(() => {
  session.user = null;
});

describe("correcting a Card OPEN-API account's time zone in Settings", () => {
  it("moves every row read in the wrong zone, older than 90 days too, with its totals; the 90-day re-read then moves nothing", async () => {
    const before = await timesOf(accountId);
    expect(before).toEqual(await expectedTimes(WRONG, before));
    const ordersBefore = await orderTimes();
    expect(ordersBefore).toMatchObject({ topUp: await completionReadIn(WRONG), feeCharged: { at: await completionReadIn(WRONG), orderId: topUpId } });
    expect(await completionReadIn(RIGHT)).not.toBe(ordersBefore.topUp);

    await asAdmin();
    await editZone(RIGHT);
    // The orders move with the change itself; the times Cardhub took from its own clock stay.
    expect(await orderTimes()).toEqual({ topUp: await completionReadIn(RIGHT), undated: ordersBefore.undated, feeCharged: { at: await completionReadIn(RIGHT), orderId: topUpId } });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, accountId)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: "provider_account.updated", summary: { before: { timeZone: WRONG }, after: { timeZone: RIGHT }, movedTransactionTimes: { from: WRONG, to: RIGHT, orders: 1 } } });

    // The next pull moves the rows and reads nothing from the provider in the same run.
    const asked = await pullCounting();
    const after = await timesOf(accountId);
    const expected = await expectedTimes(RIGHT, after);
    for (const [id, times] of expected) expect({ id, ...after.get(id) }).toEqual({ id, ...times });
    expect(asked).toEqual([]);
    expect(after.get("OLD-NO-TIME")!.occurredAt).toBe(NO_TIME_READ_AT.getTime());
    // Reversed and declined with only the provider's settlement time: that time, read in the new zone, is when they happened.
    expect(after.get("OLD-REVERSED-SETTLE-ONLY")).toEqual({ authorisedAt: null, settledAt: null, occurredAt: Date.parse("2026-05-31T22:30:00Z") });
    expect(after.get("OLD-DECLINED-SETTLE-ONLY")).toEqual({ authorisedAt: null, settledAt: null, occurredAt: Date.parse("2026-01-31T23:10:00Z") });
    expect(after.get("OLD-REPEATED-HOUR")!.authorisedAt).toBe(Date.parse("2025-11-02T01:30:00Z"));
    expect((await findWalkCheckpoint(db(), { providerAccountId: accountId, listing: TIME_ZONE_CORRECTION }))?.position).toBeNull();
    await expectRollupsMatchRows(db(), { organizationId, accountId, teamId, days: daysOf(before, after) });

    // The re-read of the last 90 days, due now, and the sweep find every row already where the new zone puts it.
    await deleteWalkCheckpoints(db(), { providerAccountId: accountId, listings: [DEEP_LISTING] });
    const reread = await pullCounting();
    expect(reread.some((query) => query.from !== undefined && query.from <= formatUtcDate(new Date(Date.now() - 85 * 86_400_000)))).toBe(true);
    expect(await timesOf(accountId)).toEqual(after);
    // Saving the form again with the same zone moves nothing either.
    await editZone(RIGHT);
    expect(await pullCounting()).not.toEqual([]);
    expect(await timesOf(accountId)).toEqual(after);
    await expectRollupsMatchRows(db(), { organizationId, accountId, teamId, days: daysOf(after) });
  }, 120_000);

  it("a correction stopped part-way and taken over by another change, on an account switched off, ends with every row in the last zone", async () => {
    await asAdmin();
    const right = await timesOf(accountId);
    const rightOrders = await orderTimes();
    await editZone("Asia/Shanghai");
    const lease = (await claimTransactionSync(db(), accountId, 60_000))!;
    await moveTimesToCorrectedZone(db(), lease, { batchRows: 5, budgetMs: 0 });
    await releaseTransactionSync(db(), lease);
    const partly = await timesOf(accountId);
    const moved = [...partly].filter(([id, times]) => times.occurredAt !== right.get(id)!.occurredAt).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual(5);
    // Half-way, rows and totals agree.
    await expectRollupsMatchRows(db(), { organizationId, accountId, teamId, days: daysOf(right, partly) });

    await editZone(KOLKATA);
    expect(await setProviderAccountActiveAction({ accountId, active: false })).toMatchObject({ ok: true });
    await syncAllTransactions(db(), { organizationId });
    const inKolkata = await timesOf(accountId);
    const kolkata = (at: number | null) => (at === null ? null : parseProviderTime(new Date(at).toISOString().slice(0, 19).replace("T", " "), KOLKATA)!.getTime());
    for (const [id, times] of right) {
      const expected = id === "OLD-NO-TIME" ? times : { authorisedAt: kolkata(times.authorisedAt), settledAt: kolkata(times.settledAt), occurredAt: kolkata(times.occurredAt)! };
      expect({ id, ...inKolkata.get(id) }).toEqual({ id, ...expected });
    }
    await expectRollupsMatchRows(db(), { organizationId, accountId, teamId, days: daysOf(right, inKolkata) });
    expect(await orderTimes()).toEqual({ ...rightOrders, topUp: await completionReadIn(KOLKATA), feeCharged: { at: await completionReadIn(KOLKATA), orderId: topUpId } });

    // Back to the provider's zone, switched on again: every row is where it was before any of it.
    await editZone(RIGHT);
    expect(await setProviderAccountActiveAction({ accountId, active: true })).toMatchObject({ ok: true });
    expect(await pullCounting()).toEqual([]);
    expect(await timesOf(accountId)).toEqual(right);
    expect(await orderTimes()).toEqual(rightOrders);
    await expectRollupsMatchRows(db(), { organizationId, accountId, teamId, days: daysOf(right, inKolkata) });
  }, 120_000);

  it("rows a pull under way goes on writing in the old zone after the change are moved with the others, once", async () => {
    await asAdmin();
    const right = await timesOf(accountId);
    await editZone(WRONG);
    expect(await pullCounting()).toEqual([]);
    const wrong = await timesOf(accountId);
    expect(wrong).toEqual(await expectedTimes(WRONG, wrong));

    // A pull reading the last 90 days again in the old zone, 5 rows a page; the zone is corrected after its first page.
    await deleteWalkCheckpoints(db(), { providerAccountId: accountId, listings: [DEEP_LISTING] });
    let change: Promise<void> | undefined;
    let pagesAfterChange = 0;
    await syncAccountTransactions(db(), accountId, {
      pageSize: 5,
      afterPageWritten: async () => {
        // Started here, awaited on the next page: this page's transaction is still open.
        if (!change) change = editZone(RIGHT);
        else if (pagesAfterChange++ === 0) await change;
      },
    });
    expect(pagesAfterChange).toBeGreaterThan(2);
    expect(await timesOf(accountId)).toEqual(wrong);

    expect(await pullCounting()).toEqual([]);
    expect(await timesOf(accountId)).toEqual(right);
    expect(await pullCounting()).not.toEqual([]);
    expect(await timesOf(accountId)).toEqual(right);
    await expectRollupsMatchRows(db(), { organizationId, accountId, teamId, days: daysOf(right, wrong) });
  }, 120_000);

  it("an order the provider answered in the old zone and settled after the change is stored in the new zone, once", async () => {
    await asAdmin();
    const right = await timesOf(accountId);
    const rightOrders = await orderTimes();
    const order = await insertOrder(db(), { organizationId, providerAccountId: accountId, cardId, type: "topup", currency: "USD", amount: 3000n, request: { type: "topup", amount: "3000" } });
    // Sent and asked about by an adapter made before the change, which reads in the old zone.
    const old = await providerForAccount(db(), accountId);
    await performOrder(old, order.id, order.request as OrderRequest, await orderTarget(db(), order));
    let answer = await old.getOrder({ type: "topup", customerOrderNo: order.id });
    for (let attempt = 0; answer.status !== "completed" && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      answer = await old.getOrder({ type: "topup", customerOrderNo: order.id });
    }
    expect(answer.completedAt!.getTime()).toBe(await completionReadIn(RIGHT, order.id));

    await editZone("Asia/Tokyo");
    await settleOrder(db(), order.id, answer);
    const tokyo = await completionReadIn("Asia/Tokyo", order.id);
    expect(tokyo).not.toBe(answer.completedAt!.getTime());
    expect((await findOrder(db(), order.id))!.completedAt!.getTime()).toBe(tokyo);
    expect((await orderTimes()).feeCharged).toEqual({ at: tokyo, orderId: order.id });
    expect(await orderTimes()).toMatchObject({ topUp: await completionReadIn("Asia/Tokyo"), undated: rightOrders.undated });

    await editZone(RIGHT);
    expect((await findOrder(db(), order.id))!.completedAt!.getTime()).toBe(await completionReadIn(RIGHT, order.id));
    expect((await orderTimes()).feeCharged).toEqual({ at: await completionReadIn(RIGHT, order.id), orderId: order.id });
    expect(await orderTimes()).toMatchObject({ topUp: rightOrders.topUp, undated: rightOrders.undated });
    // The transactions, never moved to Tokyo, have nothing left to move: the next pull reads the provider.
    expect(await pullCounting()).not.toEqual([]);
    expect(await timesOf(accountId)).toEqual(right);
  }, 120_000);

  it("reads each batch from the account's unique index in its own order: no sort, no scan of other accounts' rows", async () => {
    // An account with more rows than a batch, beside another account with as many.
    const other = await accountOf(db(), "nobepay");
    const bulk = Array.from({ length: 8000 }, (_, index) => ({
      organizationId,
      providerAccountId: index % 2 === 0 ? accountId : other.id,
      providerTransactionId: `bulk-${index}`,
      type: "purchase",
      status: "settled" as const,
      amount: 100n,
      currency: "USD",
      occurredAt: new Date(Date.now() - (index % 800) * 86_400_000),
    }));
    for (let start = 0; start < bulk.length; start += 1000) await db().insert(transactions).values(bulk.slice(start, start + 1000));
    await db().execute(sql`analyze transactions`);
    try {
      const query = timesToMoveQuery(db(), { providerAccountId: accountId, after: "OLD-", stored: [{ zone: KOLKATA, through: "OLD-Z" }, { zone: WRONG }], limit: BATCH_ROWS });
      const result = await db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${query}`);
      const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
      expect(nodes.find((node) => node["Index Name"] === "transactions_provider_unique")?.["Index Cond"]).toContain("provider_transaction_id >");
      expect(nodes.filter((node) => node["Node Type"] === "Sort" || node["Node Type"] === "Seq Scan")).toEqual([]);
      const rows = await query;
      expect(rows.find((row) => row.providerTransactionId === "OLD-SUMMER")?.zone).toBe(KOLKATA);
      const otherIds = new Set(bulk.filter((row) => row.providerAccountId === other.id).map((row) => row.providerTransactionId));
      expect(rows.filter((row) => otherIds.has(row.providerTransactionId))).toEqual([]);
    } finally {
      await db().delete(transactions).where(like(transactions.providerTransactionId, "bulk-%"));
    }
  });

  it("moves no row of a provider whose times carry their own offset (Cardepass)", async () => {
    await asAdmin();
    const cardepass = await accountOf(db(), "cardepass");
    await syncAccountTransactions(db(), cardepass.id);
    const before = await timesOf(cardepass.id);
    expect(before.size).toBeGreaterThan(20);
    expect(await editProviderAccountAction({ accountId: cardepass.id, label: cardepass.label, baseUrl: cardepass.baseUrl, credentials: {}, timeZone: "Asia/Tokyo", apiVersion: cardepass.settings.apiVersion })).toMatchObject({ ok: true });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.targetId, cardepass.id)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit!.summary).toMatchObject({ after: { timeZone: "Asia/Tokyo" } });
    expect(audit!.summary).not.toHaveProperty("movedTransactionTimes");
    await syncAccountTransactions(db(), cardepass.id);
    expect(await timesOf(cardepass.id)).toEqual(before);
  }, 60_000);
});

/** One pull of the Card OPEN-API account, with the queries it sent to the provider. */
async function pullCounting(): Promise<TransactionQuery[]> {
  const real = await providerForAccount(db(), accountId);
  const asked: TransactionQuery[] = [];
  const provider = withList(real, (query) => {
    asked.push(query);
    return real.listTransactions(query);
  });
  await syncAccountTransactions(db(), accountId, { provider });
  return asked;
}
