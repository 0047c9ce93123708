/**
 * How often the NobePay transaction sweep reads a closed card's transactions.
 *
 * NobePay has no account-wide transaction list: "查看卡片交易记录v2.0" (`/open/api/v1/rest/card/transaction/list`) takes
 * "cardId | 是 | string | 卡ID", "pageNo | 是 | Integer | 当前页" and "pageSize | 是 | Integer | 查询条数", and no date
 * filter, so the sweep asks card by card. What the document says can still happen on a closed card:
 * - card list, info and creation: "status | string | INIT :开卡中 … ACTIVE :已激活 FREEZE:已冻结 CANCELLING:删卡中
 *   CANCELED :已删除 DELETED :永久删除 EXPIRED :已过期": expired and cancelled are states of a card that still exists.
 * - transaction list: "status | string | 交易状态，PENDING / DECLINED / REVERSED / EXPIRED / COMPLETE / REFUND", and its
 *   REFUND example is a row of its own, dated when it was made: "preAuthTime": null, "transactionAmount": 27,
 *   "transactionTime": 1655371389000, "status": "REFUND".
 * - webhook: "当出现卡产生消费/退款/拒付等交易时，将推送对应交易消息到您的Webhook Endpoint Url" with "REFUND :交易退款";
 *   nothing in the document limits a refund (or a chargeback) to an open card.
 * - card history: "WITHDRAW_CARD: 卡取款 CANCEL_CARD: 删卡": the card's money moves after it is closed too.
 *
 * So money reaches a closed card for months (merchants refund late; chargebacks come up to 120 days after the
 * purchase). The sweep reads an open card on every run, a closed one at most hourly for the refund window after it
 * closed (CLOSED_CARD_REFUND_WINDOW_DAYS, the card sync's rule), and never after; each read of a closed card starts no
 * later than its previous read, so a refund made between two reads is stored.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closedCardsToRecheckQuery, findCardByProviderId, updateCard } from "@/db/queries/card-updates";
import { saveWalkCheckpoints } from "@/db/queries/sync-walks";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { CLOSED_CARD_RECHECK_MS, CLOSED_CARD_REFUND_WINDOW_DAYS } from "@/lib/cards/closed-card-reads";
import { syncAccountCards, syncAllCards } from "@/lib/cards/sync-account-cards";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { insertCardsClosingOverTime } from "@/test/closed-cards";
import { planNodes } from "@/test/query-plan";
import { accountOf, sandboxAdmin } from "@/test/transaction-sync";
import { DEEP_LISTING } from "./deep-reread";
import { syncAccountTransactions } from "./sync-account";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
const realFetch = globalThis.fetch;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// Seeded NobePay cards (sandbox/README.md, "Seeded starting data"): three ACTIVE, one CANCELED.
const OPEN = "c_8f3a1c0e5b7d4a2f0001";
const EXPIRED = "c_8f3a1c0e5b7d4a2f0002";
const CANCELLED = "c_8f3a1c0e5b7d4a2f0003";
const CANCELLED_WHEN_SEEDED = "c_8f3a1c0e5b7d4a2f0004";
let purchaseId = "";

/** The transaction list requests per card id, counted while `work` runs. */
async function listReadsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const reads: Record<string, number> = {};
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith("/card/transaction/list")) {
      const cardId = url.searchParams.get("cardId") ?? "";
      reads[cardId] = (reads[cardId] ?? 0) + 1;
    }
    return realFetch(input, init);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return reads;
}

const pull = async () => syncAccountTransactions(database.db(), accountId);
const twoPulls = async () => {
  await pull();
  await pull();
};

/** Time passing: the app's and the sandbox's clock (both run here) move `ms` on; the database's does not. */
function clockMovesOn(ms: number) {
  const now = Date.now() + ms;
  vi.useFakeTimers({ toFake: ["Date"], now, shouldAdvanceTime: true });
}

async function storedTransaction(providerTransactionId: string) {
  const [row] = await database
    .db()
    .select()
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerTransactionId, providerTransactionId)));
  return row ?? null;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  // No webhooks: whatever of a closed card Cardhub stores here came from the sweep.
  await sandboxAdmin(sandbox.url, "/webhook-target", { url: null });
  await syncAllCards(database.db());
  accountId = (await accountOf(database.db(), "nobepay")).id;
  // Cards Cardhub has known for a day: no sweep takes them for cards it has not read back yet (LISTING_MARGIN_MS).
  await database.db().execute(sql`update cards set created_at = created_at - interval '1 day' where provider_account_id = ${accountId}`);
  // The account's first sweep (every card back to the floor), while all three cards are open.
  const purchase = await sandboxAdmin(sandbox.url, "/purchase", { provider: "nobepay", cardId: CANCELLED, amount: "30.00", merchant: "DELTA AIR LINES", settle: true });
  purchaseId = String(purchase.id);
  await pull();
  expect(await storedTransaction(purchaseId)).toMatchObject({ status: "settled" });
  // The provider expires one card and cancels another; the card sync sees it, and records when they closed.
  await sandboxAdmin(sandbox.url, `/cards/nobepay/${EXPIRED}/status`, { status: "EXPIRED" });
  await sandboxAdmin(sandbox.url, `/cards/nobepay/${CANCELLED}/status`, { status: "CANCELED" });
  expect((await syncAccountCards(database.db(), accountId)).failed).toBe(0);
  for (const [id, status] of [[EXPIRED, "expired"], [CANCELLED, "cancelled"]] as const)
    expect(await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: id })).toMatchObject({ status, closedAt: expect.any(Date) });
}, 120_000);
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  vi.useRealTimers();
  await sandbox?.close();
});

describe("the NobePay sweep and closed cards", () => {
  it("reads an open card on every pull, and an expired card once over two pulls within the hour", async () => {
    const reads = await listReadsDuring(twoPulls);
    expect(reads[OPEN]).toBe(2);
    expect(reads[EXPIRED] ?? 0).toBe(1);
    expect(reads[CANCELLED] ?? 0).toBe(1);
  });

  it("stores a refund made to a cancelled card once an hour has passed since its last read, not before", async () => {
    const refund = await sandboxAdmin(sandbox.url, `/transactions/${purchaseId}/refund`, { amount: "5.00" });
    const soon = await listReadsDuring(pull);
    expect(soon[CANCELLED] ?? 0).toBe(0);
    expect(await storedTransaction(String(refund.id))).toBeNull();

    clockMovesOn(CLOSED_CARD_RECHECK_MS + MINUTE_MS);
    const later = await listReadsDuring(twoPulls);
    expect(later[CANCELLED] ?? 0).toBe(1);
    expect(await storedTransaction(String(refund.id))).toMatchObject({ type: "refund", amount: 500n });
  });

  it("reads a closed card from its last read on, however far the sweep's start has moved since", async () => {
    // A refund just after the card's last read; then days pass in which the other cards' rows move the sweep's start
    // (two days before the newest row seen) past that read.
    const refund = await sandboxAdmin(sandbox.url, `/transactions/${purchaseId}/refund`, { amount: "7.00" });
    clockMovesOn(4 * DAY_MS);
    await database.db().execute(sql`update transaction_sync_states set last_seen_at = ${new Date().toISOString()}::timestamptz where provider_account_id = ${accountId}`);
    // The day's re-read of the last 90 days (deep-reread.ts), which reads every card again, has just run: this pull's
    // reads are the sweep's own.
    await saveWalkCheckpoints(database.db(), { providerAccountId: accountId, checkpoints: [{ listing: DEEP_LISTING, readUpTo: new Date(), position: null }] });

    const reads = await listReadsDuring(pull);
    expect(reads[CANCELLED] ?? 0).toBe(1);
    expect(await storedTransaction(String(refund.id))).toMatchObject({ type: "refund", amount: 700n });
  });

  it("never reads a closed card past its refund window, nor one that reached Cardhub already closed once it was read", async () => {
    const expired = (await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: EXPIRED }))!;
    await updateCard(database.db(), expired.id, { closedAt: new Date(Date.now() - (CLOSED_CARD_REFUND_WINDOW_DAYS + 1) * DAY_MS) });
    clockMovesOn(CLOSED_CARD_RECHECK_MS + MINUTE_MS);

    const reads = await listReadsDuring(twoPulls);
    expect(reads[OPEN]).toBe(2);
    expect(reads[EXPIRED] ?? 0).toBe(0);
    expect(reads[CANCELLED_WHEN_SEEDED] ?? 0).toBe(0);
    // The cancelled card is still inside its window: read once more, as the hour has passed.
    expect(reads[CANCELLED] ?? 0).toBe(1);
  });

  it("is read again by the day's re-read of the last 90 days while in its refund window, as open cards are", async () => {
    clockMovesOn(DAY_MS);

    const reads = await listReadsDuring(pull);
    // Once by the sweep, once more by the re-read (deep-reread.ts), which is due a day after the last one.
    expect(reads[OPEN]).toBe(2);
    expect(reads[CANCELLED] ?? 0).toBe(2);
    expect(reads[EXPIRED] ?? 0).toBe(0);
    expect(reads[CANCELLED_WHEN_SEEDED] ?? 0).toBe(0);
  });
});

describe("the sweep's query for closed cards in their refund window", () => {
  /**
   * The shape the sweep meets (test/closed-cards.ts): 20,000 cards of the NobePay account, about 800 closed within the
   * window, more than one read takes, among many closed long ago and many more open; last read by the sweep as
   * `transactionsReadAt` says, by the card sync just now. Vacuumed as well as analysed, so the plan does not hang on
   * whether autovacuum reached the table yet. (With a few dozen in the window, the walk of the index and a sort of the
   * few cost the same and the planner's pick is a coin toss.)
   */
  async function insertManyCards(prefix: string, now: number, transactionsReadAt: (n: SQL) => SQL) {
    const db = database.db();
    const organizationId = (await accountOf(db, "nobepay")).organizationId;
    await insertCardsClosingOverTime(db, { organizationId, providerAccountId: accountId, prefix, now: new Date(now), reads: (n) => ({ transactionsReadAt: transactionsReadAt(n), lastSyncedAt: sql`${new Date(now)}::timestamptz` }) });
    await db.execute(sql`vacuum analyze cards`);
  }

  async function planOf(query: ReturnType<typeof closedCardsToRecheckQuery>) {
    const result = await database.db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${query}`);
    return planNodes(result.rows[0]!["QUERY PLAN"]);
  }

  /** The account's closed cards in the window that `read` lets through, most recently closed first: what the query must return. */
  async function closedInWindow(closedSince: Date, read: (card: typeof cards.$inferSelect) => boolean) {
    const closed = await database.db().select().from(cards).where(and(eq(cards.providerAccountId, accountId), inArray(cards.status, ["cancelled", "expired"])));
    return closed
      .filter((card) => card.providerCardId !== null && card.closedAt && card.closedAt >= closedSince && read(card))
      .sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime() || (a.id < b.id ? 1 : -1));
  }

  it("reads through cards_closed_recheck_idx, without a sort or a scan of cards, among many open cards", async () => {
    vi.useRealTimers();
    const db = database.db();
    const now = Date.now();
    await insertManyCards("c_bulk_", now, (n) => sql`${new Date(now)}::timestamptz - (1 + ${n} % 3) * interval '1 hour'`);

    const closedSince = new Date(now - CLOSED_CARD_REFUND_WINDOW_DAYS * DAY_MS);
    const syncedBefore = new Date(now - CLOSED_CARD_RECHECK_MS);
    // One run's read (MAX_CLOSED_CARDS_PER_RUN in lib/cards/closed-card-reads.ts).
    const query = closedCardsToRecheckQuery(db, { providerAccountId: accountId, closedSince, syncedBefore, read: "transactions", limit: 500 });
    const nodes = await planOf(query);
    expect(nodes.some((node) => node["Index Name"] === "cards_closed_recheck_idx")).toBe(true);
    expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "cards")).toEqual([]);
    const due = await closedInWindow(closedSince, (card) => card.transactionsReadAt === null || card.transactionsReadAt < syncedBefore || card.transactionsReadAt < card.closedAt!);
    expect(due.length).toBeGreaterThan(500);
    expect((await query).map((card) => card.id)).toEqual(due.slice(0, 500).map((card) => card.id));
  });

  it("with no bound on the last read (the re-read's), lists the closed cards in the window most recently closed first, however late their last read, through the same index", async () => {
    vi.useRealTimers();
    const db = database.db();
    const now = Date.now();
    // Never read, read long ago, or read "later" than now by another worker's clock.
    await insertManyCards("c_any_read_", now, (n) => sql`case ${n} % 3 when 1 then ${new Date(now - 30 * DAY_MS)}::timestamptz when 2 then ${new Date(now + 2 * DAY_MS)}::timestamptz end`);

    const closedSince = new Date(now - CLOSED_CARD_REFUND_WINDOW_DAYS * DAY_MS);
    // One re-read's (MAX_CLOSED_CARDS_REREAD in deep-reread.ts).
    const query = closedCardsToRecheckQuery(db, { providerAccountId: accountId, closedSince, limit: 1000 });
    const nodes = await planOf(query);
    expect(nodes.some((node) => node["Index Name"] === "cards_closed_recheck_idx")).toBe(true);
    expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "cards")).toEqual([]);
    const inWindow = await closedInWindow(closedSince, () => true);
    const read = (await query).map((card) => card.id);
    expect(read).toEqual(inWindow.slice(0, 1000).map((card) => card.id));
    // However late its last read: the ones another worker's clock read "later" than now are among them.
    expect(inWindow.filter((card) => read.includes(card.id) && card.transactionsReadAt && card.transactionsReadAt.getTime() > now).length).toBeGreaterThan(0);
  });
});

