/**
 * NobePay's per-card list and the order of its rows. nobepay.md, 查看卡片交易记录v2.0
 * (`/open/api/v1/rest/card/transaction/list`), states no order. Its one example page (`"pageNo": 4, "total": 33`) lists
 * `"preAuthTime": 1655368726000`, `1655368710000`, `1655368710000`, `1655355169000`, `1655348128000`, and last the
 * refund:
 *   "preAuthTime": null, ... "transactionTime": 1655371389000, "status": "REFUND"
 * newer than every other row of the page. In that order a card's refunds sit at the end of its whole list, past the
 * first page whose rows are all older than a read's start, so a read that stops there never sees a refund whose webhook
 * was lost. The sandbox lists in the document's order by default, and newest first when asked
 * (`POST /_sandbox/nobepay/transaction-order`): both must leave no refund behind.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findWalkCheckpoint } from "@/db/queries/sync-walks";
import { oldestOpenAuthorisation } from "@/db/queries/transactions-ingest";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { formatUtcDate } from "@/lib/format";
import { providerForAccount } from "@/lib/providers/for-account";
import type { Transaction, TransactionQuery } from "@/lib/providers/types";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { accountOf, forgetPull, listEverything, sandboxAdmin, storedIds, withList } from "@/test/transaction-sync";
import { DEEP_LISTING } from "./deep-reread";
import { syncAccountTransactions } from "./sync-account";
import type { ListWalk } from "./sync-pages";
import { openAuthorisationHorizon, sweepStart } from "./sync-window";

const database = withTestDatabase();
const db = () => database.db();
const sandbox = withSeededSandbox(db);
const CARD = "c_8f3a1c0e5b7d4a2f0001";
const DAY = 86_400_000;
/** Three rows a page stands in for the production 100, so a card's few dozen rows span many pages. */
const PAGE_SIZE = 3;

/**
 * Back to a first pull against a fresh sandbox listing in `order`. The cards were imported a day ago, as those of a
 * running account are (a card taken in within the sweep's listing margin is read whole, which would hide the point).
 */
async function startOver(order: "document" | "newest-first") {
  const account = await accountOf(db(), "nobepay");
  await sandboxAdmin(sandbox().url, "/reset", {});
  await sandboxAdmin(sandbox().url, "/nobepay/transaction-order", { order });
  await forgetPull(db(), account.id);
  await db().execute(sql`delete from provider_sync_status where provider_account_id = ${account.id} and kind like 'walk:%'`);
  await db().execute(sql`update cards set created_at = now() - interval '1 day' where provider_account_id = ${account.id}`);
  return account;
}

/** One run of the account's pull at `now`, with the pages it asked for recorded per card. */
async function run(now: Date) {
  const account = await accountOf(db(), "nobepay");
  const real = await providerForAccount(db(), account.id);
  const asked: TransactionQuery[] = [];
  const provider = withList(real, (query) => {
    asked.push(query);
    return real.listTransactions(query);
  });
  await syncAccountTransactions(db(), account.id, { now, provider, pageSize: PAGE_SIZE });
  return asked;
}

async function cardList(cardId: string): Promise<Transaction[]> {
  const account = await accountOf(db(), "nobepay");
  return listEverything(await providerForAccount(db(), account.id), { cardId });
}

/** Everything the sandbox lists for NobePay's active cards, card by card (NobePay lists per card only). */
async function everyCardsList(): Promise<Transaction[]> {
  const active = ((await sandboxAdmin(sandbox().url, "/state")).activeCards as Record<string, string[]>).nobepay!;
  return (await Promise.all(active.map(cardList))).flat();
}

async function notStored(items: Transaction[]): Promise<string[]> {
  const stored = await storedIds(db(), (await accountOf(db(), "nobepay")).id);
  return items.map((item) => item.providerTransactionId).filter((id) => !stored.has(id));
}

/** Refunds, now, a settled purchase of the card older than `before` (one not refunded yet): the refund's id. */
async function refundAnOldPurchase(before: Date): Promise<string> {
  for (const item of await cardList(CARD)) {
    if (item.kind !== "purchase" || item.status !== "completed" || item.authorizedAt! >= before) continue;
    const refunded = await fetch(`${sandbox().url}/_sandbox/transactions/${item.providerTransactionId}/refund`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    if (refunded.ok) return ((await refunded.json()) as { id: string }).id;
  }
  throw new Error("the card has no old settled purchase left to refund");
}

/** The first day a sweep of the account starting at `now` reads, as sync-context.ts newSweepStart works it out. */
async function sweepFrom(accountId: string, now: Date): Promise<string> {
  const { lastSeenAt } = (await getTransactionSyncState(db(), accountId))!;
  return sweepStart({ now, lastSeenAt, oldestOpenAuthorisation: await oldestOpenAuthorisation(db(), { providerAccountId: accountId, since: openAuthorisationHorizon(now) }) });
}

describe.each(["document", "newest-first"] as const)("NobePay's card list in the %s order", (order) => {
  it("the next sweep stores a refund whose webhook never came, on a card with pages of history, without reading the whole list", async () => {
    const account = await startOver(order);
    const start = new Date();
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 30 });
    // Two purchases today: the next sweep starts 2 days before them.
    for (let i = 0; i < 2; i += 1) await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    await run(start);
    // Refunded now; the sandbox has no webhook target, so only the pull can find it.
    const refund = await refundAnOldPurchase(new Date(start.getTime() - 10 * DAY));
    const listed = await cardList(CARD);
    const pages = Math.ceil(listed.length / PAGE_SIZE);
    expect(pages).toBeGreaterThan(6);
    const position = listed.findIndex((item) => item.providerTransactionId === refund);
    // In the document's order the newest row of all is listed after every row with an authorisation time.
    if (order === "document") expect(position).toBe(listed.filter((item) => item.authorizedAt !== null).length);
    else expect(position).toBe(0);

    const asked = await run(new Date(start.getTime() + 60_000));
    expect(await storedIds(db(), account.id)).toContain(refund);
    // It was the sweep: the day's re-read is not due (the first sweep set it a day ahead), and it read only some pages.
    expect(await findWalkCheckpoint(db(), { providerAccountId: account.id, listing: DEEP_LISTING })).toMatchObject({ readUpTo: start, position: null });
    expect(asked.filter((query) => query.cardId === CARD).length).toBeLessThan(pages / 2);
  }, 60_000);

  it("the day's re-read stores a refund listed late with a date before the sweep's start", async () => {
    const account = await startOver(order);
    const start = new Date();
    await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    await run(start);
    const listedBefore = new Set((await everyCardsList()).map((item) => item.providerTransactionId));
    // NobePay lists rows late, dated up to 60 days back, refunds among them, and sends no webhook for them
    // (sandbox/backfill.ts).
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 60 });
    const late = (await everyCardsList()).filter((item) => !listedBefore.has(item.providerTransactionId));
    const minuteLater = new Date(start.getTime() + 60_000);
    const from = await sweepFrom(account.id, minuteLater);
    await run(minuteLater);
    const lateRefunds = late.filter((item) => item.kind === "refund" && formatUtcDate(item.occurredAt!) < from);
    expect(lateRefunds.length).toBeGreaterThan(0);
    // Dated before the sweep's start: no sweep writes them.
    expect(await notStored(lateRefunds)).toEqual(lateRefunds.map((item) => item.providerTransactionId));

    const dayLater = new Date(start.getTime() + DAY + 60_000);
    await run(dayLater);
    expect(await notStored(late)).toEqual([]);
    expect(await findWalkCheckpoint(db(), { providerAccountId: account.id, listing: DEEP_LISTING })).toMatchObject({ position: null, readUpTo: dayLater });
  }, 60_000);
});

describe("NobePay's sweep reading a tail of refunds longer than the per-card page cap (20 pages)", () => {
  /** A pull with one row a page, recording the pages asked for CARD. */
  async function onePerPage(accountId: string, now: Date) {
    const real = await providerForAccount(db(), accountId);
    const asked: TransactionQuery[] = [];
    const provider = withList(real, (query) => {
      if (query.cardId === CARD) asked.push(query);
      return real.listTransactions(query);
    });
    await syncAccountTransactions(db(), accountId, { now, provider, pageSize: 1 });
    return asked;
  }

  /**
   * A first pull, then 25 one-cent refunds of one old purchase, made now, each a row without preAuthTime at the end of
   * the card's list; the next sweep's cap stops it in that tail. Returns the refunds and where the walk stopped.
   */
  async function stoppedInTheTail(start: Date) {
    const account = await startOver("document");
    for (let i = 0; i < 2; i += 1) await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    await onePerPage(account.id, start);
    const old = (await cardList(CARD)).find((item) => item.kind === "purchase" && item.status === "completed" && item.authorizedAt!.getTime() < start.getTime() - 10 * DAY)!;
    const refunds: string[] = [];
    for (let i = 0; i < 25; i += 1)
      refunds.push(((await sandboxAdmin(sandbox().url, `/transactions/${old.providerTransactionId}/refund`, { amount: "0.01" })) as { id: string }).id);
    await onePerPage(account.id, new Date(start.getTime() + 60_000));
    const stopped = (await getTransactionSyncState(db(), account.id))!.state.cardWalks?.[CARD] as ListWalk | undefined;
    expect(stopped).toMatchObject({ fromEnd: true });
    const stored = await storedIds(db(), account.id);
    expect(refunds.filter((id) => stored.has(id)).length).toBeGreaterThan(0);
    expect(refunds.filter((id) => !stored.has(id)).length).toBeGreaterThan(0);
    return { account, refunds, stopped: stopped! };
  }

  it("goes on backwards from the last tail page written in the next run", async () => {
    const start = new Date();
    const { account, refunds, stopped } = await stoppedInTheTail(start);
    const asked = await onePerPage(account.id, new Date(start.getTime() + 120_000));
    expect(asked.map((query) => Number(query.cursor))).toEqual(asked.map((_, index) => stopped.page - index));
    expect((await getTransactionSyncState(db(), account.id))!.state.cardWalks?.[CARD]).toBeUndefined();
    const stored = await storedIds(db(), account.id);
    expect(refunds.filter((id) => !stored.has(id))).toEqual([]);
  }, 60_000);

  it("starts the card's read over when the list moved under the tail, and still reads every refund", async () => {
    const start = new Date();
    const { account, refunds, stopped } = await stoppedInTheTail(start);
    // A new purchase, listed first, moves every row a page further down: the resumed page holds none of those read.
    await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    const asked = await onePerPage(account.id, new Date(start.getTime() + 120_000));
    expect(asked.slice(0, 2).map((query) => query.cursor)).toEqual([String(stopped.page), "1"]);
    for (let minute = 3; minute < 8 && (await getTransactionSyncState(db(), account.id))!.state.cardWalks?.[CARD]; minute += 1)
      await onePerPage(account.id, new Date(start.getTime() + minute * 60_000));
    const stored = await storedIds(db(), account.id);
    expect(refunds.filter((id) => !stored.has(id))).toEqual([]);
  }, 60_000);
});
