/**
 * nobepay.md states no order for 查看卡片交易记录v2.0 (`/open/api/v1/rest/card/transaction/list`). Its one example page
 * ("pageNo": 4, "total": 33) lists preAuthTime 1655368726000, 1655368710000, 1655368710000, 1655355169000,
 * 1655348128000, then the REFUND row with `"preAuthTime": null` whose `"transactionTime": 1655371389000` is the page's
 * newest time. The sandbox lists in that order by default, and newest first when a test asks for it, so code that reads
 * the list can be tried under both.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { admin, getJson, nobepayClient, startTestSandbox } from "../test-support/clients";

const CARD = "c_8f3a1c0e5b7d4a2f0001";
let sandbox: RunningSandbox;
afterEach(() => sandbox?.close());

type Row = { transactionId: string; status: string; preAuthTime: number | null; transactionTime: number | null };

async function listed(pageSize: number): Promise<Row[]> {
  const api = await nobepayClient(sandbox.url);
  const rows: Row[] = [];
  for (let pageNo = 1; ; pageNo += 1) {
    const data = (await getJson(await api.get(`/card/transaction/list?cardId=${CARD}&pageNo=${pageNo}&pageSize=${pageSize}`))).data as { data: Row[]; total: number };
    rows.push(...data.data);
    if (pageNo * pageSize >= data.total) return rows;
  }
}

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await admin(sandbox.url, path, body);
  expect(res.status).toBe(200);
  return getJson(res);
}

/** A settled purchase refunded now, then a newer settled purchase: the refund is neither the newest row nor the oldest. */
async function refundBetweenPurchases(): Promise<{ refund: string; newer: string }> {
  const refunded = (await post("/purchase", { provider: "nobepay", cardId: CARD, amount: "3.00", merchant: "GITHUB", settle: true })) as { id: string };
  const refund = (await post(`/transactions/${refunded.id}/refund`, {})) as { id: string };
  await new Promise((resolve) => setTimeout(resolve, 2));
  const newer = (await post("/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB", settle: true })) as { id: string };
  return { refund: refund.id, newer: newer.id };
}

function expectDocumentOrder(rows: Row[]): void {
  const withAuth = rows.filter((row) => row.preAuthTime !== null);
  const firstWithout = rows.findIndex((row) => row.preAuthTime === null);
  expect(firstWithout).toBe(withAuth.length);
  expect(withAuth.every((row, index) => index === 0 || withAuth[index - 1]!.preAuthTime! >= row.preAuthTime!)).toBe(true);
}

describe("NobePay card/transaction/list order", () => {
  it("follows the document's example by default: preAuthTime descending, rows without one (refunds) after all others", async () => {
    sandbox = await startTestSandbox();
    const { refund, newer } = await refundBetweenPurchases();
    const rows = await listed(500);
    expectDocumentOrder(rows);
    expect(rows[0]!.transactionId).toBe(newer);
    const refunds = rows.filter((row) => row.preAuthTime === null);
    expect(refunds.length).toBeGreaterThan(1);
    expect(refunds.map((row) => row.status)).toEqual(refunds.map(() => "REFUND"));
    // The newest refund is newer than every row but one, and still listed after all rows with an authorisation.
    expect(rows.indexOf(refunds.find((row) => row.transactionId === refund)!)).toBeGreaterThan(rows.length - refunds.length - 1);
    // Pages of any size cut the same order.
    expect((await listed(3)).map((row) => row.transactionId)).toEqual(rows.map((row) => row.transactionId));
    expect((await getJson(await admin(sandbox.url, "/state"))).nobepay).toMatchObject({ transactionOrder: "document" });
  });

  it("lists newest first (a refund by its own time) when asked, and goes back to the start option on reset", async () => {
    sandbox = await startTestSandbox();
    const { refund, newer } = await refundBetweenPurchases();
    expect(await post("/nobepay/transaction-order", { order: "newest-first" })).toEqual({ order: "newest-first" });
    const rows = await listed(500);
    expect(rows.slice(0, 2).map((row) => row.transactionId)).toEqual([newer, refund]);
    const bad = await admin(sandbox.url, "/nobepay/transaction-order", { order: "oldest-first" });
    expect(bad.status).toBe(400);

    await post("/reset", {});
    expect((await getJson(await admin(sandbox.url, "/state"))).nobepay).toMatchObject({ transactionOrder: "document" });
    await sandbox.close();

    sandbox = await startTestSandbox({ nobepayTransactionOrder: "newest-first" });
    const again = await refundBetweenPurchases();
    expect((await listed(500)).slice(0, 2).map((row) => row.transactionId)).toEqual([again.newer, again.refund]);
    await post("/reset", {});
    expect((await getJson(await admin(sandbox.url, "/state"))).nobepay).toMatchObject({ transactionOrder: "newest-first" });
  });
});
