import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { admin, cardepassClient, cardopenapiPost, getJson, nobepayClient, startTestSandbox } from "./test-support/clients";

let sandbox: RunningSandbox;
afterEach(() => sandbox?.close());

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Summary = { days: number; from: string; transactions: Record<"cardepass" | "nobepay" | "cardopenapi", number> };

describe("POST /_sandbox/activity/backfill", () => {
  it("rejects a window longer than one Cardepass query window (3 months)", async () => {
    sandbox = await startTestSandbox();
    const res = await admin(sandbox.url, "/activity/backfill", { days: 91 });
    expect(res.status).toBe(400);
    expect(await getJson(res)).toMatchObject({ field: "days" });
  });

  it("puts past-dated purchases, declines and refunds in every provider's own transaction lists", async () => {
    sandbox = await startTestSandbox();
    const res = await admin(sandbox.url, "/activity/backfill", { days: 60 });
    expect(res.status).toBe(200);
    const summary = (await getJson(res)) as Summary;
    expect(summary.transactions.cardepass).toBeGreaterThan(20);
    expect(summary.transactions.nobepay).toBeGreaterThan(20);
    expect(summary.transactions.cardopenapi).toBeGreaterThan(10);
    const now = Date.now();
    const windowStart = now - 60 * DAY_MS;

    // Cardepass v1: one query window (YYYY-MM-DD dates), newest first, cursor-paged.
    const cdp = await cardepassClient(sandbox.url);
    const cdpRows: { authTime: string; status: string; transactionType: string; merchantName: string }[] = [];
    let cursor = "";
    do {
      const page = (await getJson(await cdp.get(`/v1/transactions?TransactionDateFrom=${isoDay(windowStart)}&TransactionDateTo=${isoDay(now - DAY_MS)}&PageSize=100${cursor ? `&PageCursor=${cursor}` : ""}`))).data as { pageCursor: string; data: typeof cdpRows };
      cdpRows.push(...page.data);
      cursor = page.pageCursor;
    } while (cursor);
    expect(cdpRows.length).toBeGreaterThanOrEqual(summary.transactions.cardepass);
    expect(cdpRows.every((row) => Date.parse(row.authTime) < now && Date.parse(row.authTime) >= windowStart - DAY_MS)).toBe(true);
    const cdpDays = new Set(cdpRows.map((row) => row.authTime.slice(0, 10)));
    expect(cdpDays.size).toBeGreaterThan(30);
    expect(cdpRows.some((row) => row.status === "AuthFailure")).toBe(true);
    expect(cdpRows.some((row) => row.transactionType === "Consume" && row.status === "Settled")).toBe(true);
    expect(new Set(cdpRows.map((row) => row.merchantName)).size).toBeGreaterThan(5);

    // NobePay: per card, epoch-millisecond times, signed integer cents.
    const nb = await nobepayClient(sandbox.url);
    const nbRows = ((await getJson(await nb.get("/card/transaction/list?cardId=c_8f3a1c0e5b7d4a2f0001&pageNo=1&pageSize=500"))).data as { data: { status: string; preAuthTime: number; preAuthAmount: number | null }[] }).data;
    const nbPast = nbRows.filter((row) => row.preAuthTime >= windowStart && row.preAuthTime < now - 3600_000);
    expect(nbPast.length).toBeGreaterThan(8);
    expect(nbPast.some((row) => row.status === "COMPLETE")).toBe(true);
    expect(nbPast.filter((row) => row.status !== "REFUND").every((row) => Number.isInteger(row.preAuthAmount) && (row.preAuthAmount ?? 0) < 0)).toBe(true);

    // cardopenapi: trade list with "YYYY-MM-DD HH:mm:ss" bounds.
    const plain = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
    const coa = (await getJson(await cardopenapiPost(sandbox.url, "/card/cardTradeList", { start_time: plain(windowStart), end_time: plain(now - DAY_MS), page_no: 1, page_size: 500 }))).data as { total: number; trade_list: { trade_at: string }[] };
    expect(coa.total).toBeGreaterThan(10);
    expect(coa.trade_list.every((row) => Date.parse(`${row.trade_at.replace(" ", "T")}Z`) < now - DAY_MS)).toBe(true);

    // Refunds: at least one provider's history has one (about one settled purchase in fifteen is refunded).
    const refunds = cdpRows.filter((row) => row.transactionType === "ConsumeRefund").length + nbPast.filter((row) => row.status === "REFUND").length;
    expect(refunds).toBeGreaterThan(0);
  });

  it("charges the cards as live purchases do: a Standard card's balance falls by what the backfill settled", async () => {
    sandbox = await startTestSandbox();
    const cdp = await cardepassClient(sandbox.url);
    const card = "66a0c0de0000000000000003"; // Standard
    const balance = async () => ((await getJson(await cdp.get(`/v1/cards/${card}`))).data as { balanceAmount: number }).balanceAmount;
    const before = await balance();
    await admin(sandbox.url, "/activity/backfill", { days: 30 });
    const after = await balance();
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
  });
});

describe("the backfill's lines on the Cardepass funding account", () => {
  it("are listed in time order among today's, and every line's balances follow from the one before, ending at today's", async () => {
    // accountLogs: "availableBalance 调整后可用余额", "blockedBalance 调整后冻结余额": the balance after each line. Written with
    // past times after today's lines, they were listed as the newest with the balance of the moment they were written.
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    await admin(sandbox.url, "/activity/step", { count: 20 });
    expect((await getJson(await admin(sandbox.url, "/activity/backfill", { days: 30 }))).days).toBe(30);
    type Line = { accountTransType: string; transAmount: number; availableBalance: number; blockedBalance: number; transTime: string };
    const lines: Line[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = ((await getJson(await api.get(`/v1/accounts/accountLogs?Limit=100&Offset=${offset}`))).data as { totalRecords: number; data: Line[] });
      lines.push(...page.data);
      if (offset + 100 >= page.totalRecords) break;
    }
    lines.reverse(); // newest first on the wire
    expect(lines.filter((line) => Date.parse(line.transTime) < Date.now() - 2 * DAY_MS).length).toBeGreaterThan(10);
    expect(lines.every((line, i) => i === 0 || Date.parse(lines[i - 1]!.transTime) <= Date.parse(line.transTime))).toBe(true);
    const cents = (value: number) => Math.round(value * 100);
    const blockedMovement = (line: Line) => (line.accountTransType === "AuthBlock" || line.accountTransType === "AuthUnBlock" ? -cents(line.transAmount) : 0);
    const broken = lines.slice(1).flatMap((line, i) => {
      const before = lines[i]!;
      return cents(before.availableBalance) + cents(line.transAmount) === cents(line.availableBalance) && cents(before.blockedBalance) + blockedMovement(line) === cents(line.blockedBalance) ? [] : [`#${i + 1} ${line.accountTransType} ${line.transTime}`];
    });
    expect(broken).toEqual([]);
    const state = (await getJson(await admin(sandbox.url, "/state"))) as { cardepass: { funding: { available: string; blocked: string } } };
    const newest = lines[lines.length - 1]!;
    expect([cents(Number(state.cardepass.funding.available)), cents(Number(state.cardepass.funding.blocked))]).toEqual([cents(newest.availableBalance), cents(newest.blockedBalance)]);
  });
});
