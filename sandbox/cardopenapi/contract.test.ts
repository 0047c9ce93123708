import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLuhnValid } from "../lib/luhn";
import type { RunningSandbox } from "../server";
import { admin, cardopenapiPost, COA_CREDENTIALS, getJson, startTestSandbox, waitFor } from "../test-support/clients";
import { loadFixture, shapeDiff } from "../test-support/shape";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

type Env = { code: number; message: string; data: Record<string, unknown> | null };
const call = async (path: string, body: Record<string, unknown> = {}) => (await getJson(await cardopenapiPost(sandbox.url, path, body))) as Env;

describe("cardopenapi", () => {
  it("card/cardList matches the documented example (full card_no, cvv, pin; floats; integer status)", async () => {
    const body = await getJson(await cardopenapiPost(sandbox.url, "/card/cardList", { page_no: 1, page_size: 10 }));
    const { example } = await loadFixture("cardopenapi/card-list");
    expect(shapeDiff(example, body)).toEqual([]);
    const cards = (body.data as { card_list: { card_no: string; balance: number; status: number; use_at: string; end_at: string }[] }).card_list;
    expect(cards.length).toBe(5);
    expect(cards.every((c) => isLuhnValid(c.card_no))).toBe(true);
    expect(cards.every((c) => typeof c.balance === "number" && Math.round(c.balance * 100) === c.balance * 100)).toBe(true);
    expect(cards[0]?.use_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(cards[0]?.end_at).toBe("");
    // "card_list.use_at datetime 是 激活时间" and "status int ... 1:未激活": a card not yet activated has no activation time.
    const inactive = cards.find((c) => c.status === 1)!;
    expect(inactive.use_at).toBe("");
  });

  it("卡激活 activates a status-1 card and stamps use_at (激活时间); other states are refused", async () => {
    const id = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";
    const before = Date.now() - 1000;
    expect(await call("/card/cardActive", { card_id: id })).toMatchObject({ code: 0, data: { card_id: id, status: 2 } });
    const list = await call("/card/cardList", { page_no: 1, page_size: 10, status: 2 });
    const card = (list.data?.card_list as { card_id: string; use_at: string }[]).find((c) => c.card_id === id)!;
    expect(new Date(`${card.use_at.replace(" ", "T")}Z`).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect((await call("/card/cardActive", { card_id: id })).code).toBe(10005);
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
  });

  // cardopenapi.md: "card_list.close_at datetime 是 发起销卡时间", "card_list.end_at datetime 是 完成销卡时间", written
  // like use_at ("2023-11-24 02:53:47") and `"close_at": "", "end_at": ""` in the example's open cards.
  it("close_at is stamped when a cancellation is asked for (销卡中), end_at when it completes (已销卡)", async () => {
    const id = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";
    const times = async () => (await call("/card/cardDetail", { card_id: id })).data as { status: number; close_at: string; end_at: string };
    expect(await times()).toMatchObject({ status: 2, close_at: "", end_at: "" });
    expect((await call("/card/cardCancel", { card_id: id })).data).toEqual({ card_id: id, status: 4 });
    const cancelling = await times();
    expect(cancelling).toMatchObject({ status: 4, end_at: "" });
    expect(cancelling.close_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const cancelled = await waitFor(async () => ((await times()).status === 5 ? times() : null));
    expect(cancelled.close_at).toBe(cancelling.close_at);
    expect(cancelled.end_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(cancelled.end_at >= cancelled.close_at).toBe(true);
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
  });

  it("a card its provider's support cancels carries its cancel times too; one it shows open again keeps them", async () => {
    const id = "5f1d0c9e8b7a6f5e4d3c2b1a00000003";
    const times = async () => (await call("/card/cardDetail", { card_id: id })).data as { status: number; close_at: string; end_at: string };
    expect((await admin(sandbox.url, `/cards/cardopenapi/${id}/status`, { status: 4 })).status).toBe(200);
    const cancelling = await times();
    expect(cancelling).toMatchObject({ status: 4, end_at: "" });
    expect(cancelling.close_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await admin(sandbox.url, `/cards/cardopenapi/${id}/status`, { status: 5 })).status).toBe(200);
    const cancelled = await times();
    expect(cancelled).toMatchObject({ status: 5, close_at: cancelling.close_at });
    expect(cancelled.end_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Straight to 已销卡, without 销卡中 first: asked for and completed at once.
    const other = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
    expect((await admin(sandbox.url, `/cards/cardopenapi/${other}/status`, { status: 5 })).status).toBe(200);
    const direct = (await call("/card/cardDetail", { card_id: other })).data as { close_at: string; end_at: string };
    expect(direct.end_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(direct.close_at).toBe(direct.end_at);
    expect((await admin(sandbox.url, `/cards/cardopenapi/${id}/status`, { status: 2 })).status).toBe(200);
    expect(await times()).toMatchObject({ status: 2, close_at: cancelled.close_at, end_at: cancelled.end_at });
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" });
  });

  it("filters by status and bin_id, and refuses wrong credentials with a non-zero code", async () => {
    const active = await call("/card/cardList", { page_no: 1, page_size: 10, status: 2 });
    expect((active.data?.card_list as unknown[]).length).toBe(2);
    const res = await getJson(await cardopenapiPost(sandbox.url, "/card/cardList", { page_no: 1, page_size: 10 }, { ...COA_CREDENTIALS, key: "wrong" }));
    expect(res).toMatchObject({ code: 10001, data: null });
  });

  it("inferred: open card order completes into an active card and debits the wallet", async () => {
    const wallet = async () => ((await call("/wallet/walletList")).data?.wallet_list as { balance: number }[])[0]?.balance ?? 0;
    const before = await wallet();
    const order = await call("/order/openCard", { bin_id: "cpi_6530de6a2f1c7", amount: 100, order_no: "OPEN-1" });
    expect(order.data).toMatchObject({ type: 1, status: 1, amount: 100, fee: 2.5 }); // open fee 1.00 + 1.5% recharge fee
    expect(await wallet()).toBe(Math.round((before - 102.5) * 100) / 100);
    const again = await call("/order/openCard", { bin_id: "cpi_6530de6a2f1c7", amount: 100, order_no: "OPEN-1" });
    expect(again.data?.order_id).toBe(order.data?.order_id);
    expect((await call("/order/openCard", { bin_id: "cpi_6530de6a2f1c7", amount: 50, order_no: "OPEN-1" })).code).toBe(10006);
    const done = await waitFor(async () => {
      const d = await call("/order/orderDetail", { order_id: order.data?.order_id });
      return d.data?.status === 2 ? d.data : null;
    });
    const card = await call("/card/cardDetail", { card_id: done.card_id });
    expect(card.data).toMatchObject({ status: 2, balance: 100, limit: 100 });
  });

  it("inferred: freeze, unfreeze, recharge, trade list and cancel", async () => {
    const id = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
    expect((await call("/card/cardFreeze", { card_id: id })).data).toEqual({ card_id: id, status: 3 });
    expect((await call("/card/cardFreeze", { card_id: id })).code).toBe(10005);
    expect((await call("/card/cardUnfreeze", { card_id: id })).data).toEqual({ card_id: id, status: 2 });
    const before = (await call("/card/cardDetail", { card_id: id })).data as { balance: number; limit: number };
    const recharge = await call("/order/cardRecharge", { card_id: id, amount: "10.00" });
    await waitFor(async () => (await call("/order/orderDetail", { order_id: recharge.data?.order_id })).data?.status === 2);
    const after = (await call("/card/cardDetail", { card_id: id })).data as { balance: number; limit: number };
    expect(Math.round((after.balance - before.balance) * 100)).toBe(1000);
    expect(Math.round((after.limit - before.limit) * 100)).toBe(1000);
    await admin(sandbox.url, "/purchase", { provider: "cardopenapi", cardId: id, amount: "5.25", merchant: "STARBUCKS" });
    const trades = (await call("/card/cardTradeList", { card_id: id, page_no: 1, page_size: 5 })).data?.trade_list as { amount: number; trade_status: number; merchant_name: string }[];
    expect(trades[0]).toMatchObject({ amount: 5.25, trade_status: 1, merchant_name: "STARBUCKS" });
    expect((await call("/card/binList")).data?.bin_list).toHaveLength(3);
    // 卡Bin费用 (inferred): the fees opening and loading a card of the BIN cost.
    expect((await call("/card/binFee", { bin_id: "cpi_6530de6a2f1c7" })).data).toEqual({ bin_id: "cpi_6530de6a2f1c7", currency: "USD", open_fee: 1, recharge_fee_rate: 0.015 });
    expect((await call("/card/binFee", { bin_id: "nope" })).code).toBe(10003);
    await call("/card/cardCancel", { card_id: id });
    await waitFor(async () => (await call("/card/cardDetail", { card_id: id })).data?.status === 5);
  });
});
