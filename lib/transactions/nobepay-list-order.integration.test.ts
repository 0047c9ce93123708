/**
 * NobePay's per-card list and the order of its rows. nobepay.md, 查看卡片交易记录v2.0
 * (`/open/api/v1/rest/card/transaction/list`), states no order. Its one example page (`"pageNo": 4, "total": 33`) lists
 * `"preAuthTime": 1655368726000`, `1655368710000`, `1655368710000`, `1655355169000`, `1655348128000`, and last the
 * refund:
 *   "preAuthTime": null, ... "transactionTime": 1655371389000, "status": "REFUND"
 * newer than every other row of the page. In that order a card's refunds sit at the end of its whole list, past the
 * first page whose rows are all older than a read's start. The sweep (every minute) still stops at that page, so that
 * an idle card costs a page or two, not its whole list: a refund whose webhook was lost and that the list puts past it
 * is stored by the daily re-read, which reads every card's whole list. The sandbox lists in the document's order by
 * default, and newest first when asked (`POST /_sandbox/nobepay/transaction-order`): both must leave no refund behind.
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
import { providerTimeOf } from "./occurred-at";
import { syncAccountTransactions } from "./sync-account";
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

/** Refunds `count` cents of one settled purchase of the card older than `before`, now, a cent at a time. */
async function refundCents(before: Date, count: number): Promise<string[]> {
  const old = (await cardList(CARD)).find((item) => item.kind === "purchase" && item.status === "completed" && item.authorizedAt! < before)!;
  const refunds: string[] = [];
  for (let i = 0; i < count; i += 1)
    refunds.push(((await sandboxAdmin(sandbox().url, `/transactions/${old.providerTransactionId}/refund`, { amount: "0.01" })) as { id: string }).id);
  return refunds;
}

/**
 * The pages a read from `since` that stops at the list's first page whose rows are all older than `since` (by each
 * row's provider time) asks for, in this list: what the sweep read before a1336d1, whatever the list's order.
 */
function pagesToFirstOlder(list: readonly Transaction[], since: Date, pageSize: number): string[] {
  const pages: string[] = [];
  for (let page = 1; page === 1 || (page - 1) * pageSize < list.length; page += 1) {
    pages.push(String(page));
    const times = list.slice((page - 1) * pageSize, page * pageSize).map(providerTimeOf).filter((at) => at !== null).map((at) => at.getTime());
    if (times.length > 0 && Math.max(...times) < since.getTime()) break;
  }
  return pages;
}

const sinceOf = (day: string) => new Date(`${day}T00:00:00Z`);
const pagesAskedFor = (asked: readonly TransactionQuery[]) => asked.filter((query) => query.cardId === CARD).map((query) => query.cursor);

describe.each(["document", "newest-first"] as const)("NobePay's card list in the %s order", (order) => {
  it("an idle sweep of a card with pages of history and of refunds reads only up to its first page older than the sweep's start", async () => {
    const account = await startOver(order);
    const start = new Date();
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 30 });
    // Two purchases today: each sweep starts 2 days before them.
    for (let i = 0; i < 2; i += 1) await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    // Twelve refunds, four pages of them: in the document's order after every row with an authorisation time.
    await refundCents(new Date(start.getTime() - 10 * DAY), 12);
    await run(start);
    await run(new Date(start.getTime() + 60_000));
    const listed = await cardList(CARD);
    const pages = Math.ceil(listed.length / PAGE_SIZE);

    // Nothing new at the provider: each minute's sweep asks for what a sweep asked for before a1336d1, no more.
    for (let minute = 2; minute < 5; minute += 1) {
      const now = new Date(start.getTime() + minute * 60_000);
      const expected = pagesToFirstOlder(listed, sinceOf(await sweepFrom(account.id, now)), PAGE_SIZE);
      // In the document's order the refunds' pages are past the first page older than the start: never asked for.
      if (order === "document") expect(expected.length).toBeLessThan(pages - 4);
      expect(pagesAskedFor(await run(now))).toEqual(expected);
    }
  }, 90_000);

  it("a refund whose webhook never came is stored by the next sweep when listed within its pages, else by the day's re-read", async () => {
    const account = await startOver(order);
    const start = new Date();
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 30 });
    for (let i = 0; i < 2; i += 1) await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    await run(start);
    // Refunded now; the sandbox has no webhook target, so only the pull can find it.
    const refund = await refundAnOldPurchase(new Date(start.getTime() - 10 * DAY));
    const listed = await cardList(CARD);
    expect(Math.ceil(listed.length / PAGE_SIZE)).toBeGreaterThan(6);
    const position = listed.findIndex((item) => item.providerTransactionId === refund);
    // In the document's order the newest row of all is listed after every row with an authorisation time.
    if (order === "document") expect(position).toBe(listed.filter((item) => item.authorizedAt !== null).length);
    else expect(position).toBe(0);

    const minuteLater = new Date(start.getTime() + 60_000);
    const expected = pagesToFirstOlder(listed, sinceOf(await sweepFrom(account.id, minuteLater)), PAGE_SIZE);
    expect(pagesAskedFor(await run(minuteLater))).toEqual(expected);
    // Listed first, the sweep stores it; listed past the pages the sweep reads, it waits for the day's re-read.
    if (order === "newest-first") expect(await storedIds(db(), account.id)).toContain(refund);
    else expect(await storedIds(db(), account.id)).not.toContain(refund);
    // The day's re-read is not due yet: the first sweep set it a day ahead.
    expect(await findWalkCheckpoint(db(), { providerAccountId: account.id, listing: DEEP_LISTING })).toMatchObject({ readUpTo: start, position: null });

    const dayLater = new Date(start.getTime() + DAY + 60_000);
    await run(dayLater);
    expect(await storedIds(db(), account.id)).toContain(refund);
    expect(await findWalkCheckpoint(db(), { providerAccountId: account.id, listing: DEEP_LISTING })).toMatchObject({ position: null, readUpTo: dayLater });
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

describe("a card's walk a previous version saved while reading the list's tail backwards (fromEnd)", () => {
  it("is resumed as any walk, forward from its page to the list's end or the sweep's bound, and the card's read ends in that run", async () => {
    const account = await startOver("document");
    const start = new Date();
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 30 });
    for (let i = 0; i < 2; i += 1) await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    const refunds = await refundCents(new Date(start.getTime() - 10 * DAY), 12);
    await run(start);
    const listed = await cardList(CARD);
    const last = Math.ceil(listed.length / PAGE_SIZE);
    // Where that version stood: two pages before the last, within the refunds, reading back towards page 1.
    const page = last - 2;
    const pageRows = listed.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    expect(pageRows.every((item) => refunds.includes(item.providerTransactionId))).toBe(true);
    const oldest = Math.min(...listed.map(providerTimeOf).map((at) => at!.getTime()));
    const minuteLater = new Date(start.getTime() + 60_000);
    const walk = { page, pageIds: pageRows.map((item) => item.providerTransactionId), reachedAt: new Date(oldest).toISOString(), fromEnd: true };
    const sweep = { windowFrom: await sweepFrom(account.id, minuteLater), sweepListedAt: start.toISOString(), cardWalks: { [CARD]: walk } };
    await db().execute(sql`update transaction_sync_states set state = state || ${JSON.stringify(sweep)}::jsonb where provider_account_id = ${account.id}`);

    // Forward from its page, page after page, to the list's end or (the sweep's bound, stopAtSince) to the first page
    // whose rows are all older than the read's start: which of the two comes first depends on the days the backfill
    // dated its rows, so both are allowed, and nothing else.
    const asked = pagesAskedFor(await run(minuteLater)).map(Number);
    expect(asked[0]).toBe(page);
    expect(asked).toEqual(Array.from({ length: asked.length }, (_, index) => page + index));
    const lastAsked = asked.at(-1)!;
    const lastRows = listed.slice((lastAsked - 1) * PAGE_SIZE, lastAsked * PAGE_SIZE);
    const windowStart = new Date(`${sweep.windowFrom}T00:00:00Z`).getTime();
    expect(lastAsked === last || lastRows.every((item) => providerTimeOf(item)!.getTime() < windowStart)).toBe(true);
    const state = (await getTransactionSyncState(db(), account.id))!;
    expect(state.state.cardWalks ?? {}).toEqual({});
    expect(state.lastError).toBeNull();
    const stored = await storedIds(db(), account.id);
    expect(refunds.filter((id) => !stored.has(id))).toEqual([]);
  }, 60_000);
});
