/** Cardepass sandbox values (not only shapes) against the literal examples of cardepass-v1.md and cardepass-v2.md. */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { admin, cardepassClient, getJson, startTestSandbox, waitFor } from "../test-support/clients";
import { loadFixture } from "../test-support/shape";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

type Api = Awaited<ReturnType<typeof cardepassClient>>;
type Envelope = { data: Record<string, unknown>; hasError: boolean; errorCode: string | null };

const post = async (api: Api, path: string, body: unknown) => (await getJson(await api.post(path, body))) as Envelope;
const get = async (api: Api, path: string) => (await getJson(await api.get(path))) as Envelope;

async function completedOrder(api: Api, model: "standard" | "sharebalance", orderNo: string) {
  return waitFor(async () => {
    const body = await get(api, `/v1/orders/${model}?OrderNo=${orderNo}`);
    return body.data?.status === "Completed" ? body.data : undefined;
  });
}

/** The document's Standard card history: apply with 3, top up 2, withdraw 1 (fee 0.1 from the card) → balance 3.9. */
async function documentedStandardCard(api: Api): Promise<string> {
  const apply = await post(api, "/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3", cardAlias: "测试卡01", customerOrderNo: "T2025042101" });
  const applied = await completedOrder(api, "standard", String(apply.data.orderNo));
  const cardId = (applied.cardInfos as { cardId: string }[])[0]!.cardId;
  const topup = await post(api, "/v1/orders/standard/topup", { cardId, topUpAmount: "2", customerOrderNo: "T2025042102" });
  await completedOrder(api, "standard", String(topup.data.orderNo));
  const withdraw = await post(api, "/v1/orders/standard/withdraw", { cardId, withdrawAmount: "1", customerOrderNo: "T2025042103" });
  await completedOrder(api, "standard", String(withdraw.data.orderNo));
  return cardId;
}

/** Leaves of the document's example whose value differs in the answer, skipping ids and times (not reproducible). */
function valueDiff(example: unknown, actual: unknown, path = "$"): string[] {
  const volatile = /(orderNo|cardId|createdOn|modifiedOn|completedOn|paidOn|maskCardNumber|responseId)$/;
  if (volatile.test(path)) return [];
  if (Array.isArray(example)) {
    if (!Array.isArray(actual) || actual.length !== example.length) return [`${path}: length ${JSON.stringify(actual)} vs ${example.length}`];
    return example.flatMap((item, i) => valueDiff(item, actual[i], `${path}[${i}]`));
  }
  if (example && typeof example === "object") {
    if (!actual || typeof actual !== "object") return [`${path}: ${JSON.stringify(actual)}`];
    return Object.entries(example).flatMap(([k, v]) => valueDiff(v, (actual as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return example === actual ? [] : [`${path}: ${JSON.stringify(actual)}, document ${JSON.stringify(example)}`];
}

describe("Cardepass v1 sandbox values", () => {
  it("order answers carry the documents' values for the documents' requests (fees, totals, statuses)", async () => {
    sandbox = await startTestSandbox({ orderDelayMs: 2_000 });
    const api = await cardepassClient(sandbox.url);
    const example = async (name: string) => ((await loadFixture(`cardepass-v1/${name}`)) as { example: { data: unknown } }).example.data;
    // orders/standard/apply body: { "productCode": "0BN03HNK", "cardCurrency": "USD", "topUpAmount": "3", "cardAlias": "测试卡01", "customerOrderNo": "T2025042101" }
    const apply = await post(api, "/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3", cardAlias: "测试卡01", customerOrderNo: "T2025042101" });
    expect(valueDiff(await example("standard-apply"), apply.data)).toEqual([]);
    // orders/sharebalance/apply: "maxAuthAmount": "10" → "maxAuthAmount": 10, "maxCreditAmount": null, "totalAmount": 0.1, "transFee": 0.1
    const share = await post(api, "/v1/orders/sharebalance/apply", { productCode: "A5GGCYNQ", cardCurrency: "USD", maxAuthAmount: "10", cardAlias: "共享卡测试01", customerOrderNo: "T20250423001" });
    expect(valueDiff(await example("sharebalance-apply"), share.data)).toEqual([]);
    // orders/standard/topup of 2 on a 0BN03HNK card: "totalTopUpAmount": 2, "totalFee": 0.1, "totalPayAmount": 2.1
    const topup = await post(api, "/v1/orders/standard/topup", { cardId: "66a0c0de0000000000000003", topUpAmount: "2", customerOrderNo: "T20250421002" });
    expect(valueDiff(await example("standard-topup"), topup.data)).toEqual([]);
    // orders/sharebalance/cancel: "fee": null, "chargeMethodType": "FixedValue", "fixedValue": 0, "settleStatus": "Pending"
    const cancel = await post(api, "/v1/orders/sharebalance/cancel", { cardId: "66a0c0de0000000000000002", customerOrderNo: "T-SC-1" });
    expect(valueDiff(await example("sharebalance-cancel"), cancel.data)).toEqual([]);
    // orders/standard/withdraw of 1: "cardId": null, "withdrawAmount": 1, "withdrawFee": 0, "totalAmount": 1.1, "status": "Pending"
    // ("»» totalAmount | … | 总金额 | 转出金额+转出费用": the 0.1 fee is in the total, not in withdrawFee).
    const withdraw = await post(api, "/v1/orders/standard/withdraw", { cardId: "66a0c0de0000000000000003", withdrawAmount: "1", customerOrderNo: "T20250421005" });
    expect(valueDiff(await example("standard-withdraw"), withdraw.data)).toEqual([]);
    expect(withdraw.data.cardId).toBeNull();
  });

  it("a completed ShareBalance cancel keeps the settleStatus of its only example", async () => {
    // orders/sharebalance/cancel: "| »» settleStatus | string | true | 结算状态 | none |", example "settleStatus": "Pending";
    // only the Standard cancel defines values (Pending / WaitTransfer / Completed), for the transfer of its balance back.
    sandbox = await startTestSandbox({ orderDelayMs: 20 });
    const api = await cardepassClient(sandbox.url);
    const cancel = await post(api, "/v1/orders/sharebalance/cancel", { cardId: "66a0c0de0000000000000002", customerOrderNo: "T-SC-2" });
    const done = await completedOrder(api, "sharebalance", String(cancel.data.orderNo));
    expect(done).toMatchObject({ status: "Completed", settleStatus: "Pending", orderType: "CardCancel" });
  });

  it("0BN03HNK issues on BIN 436797 as a Mastercard", async () => {
    // cardepass-v1.md card detail: "productCode": "0BN03HNK", "cardNumber": "4367970137672419", ... "cardOrganization": "Mastercard"
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const cardId = await documentedStandardCard(api);
    const detail = (await get(api, `/v1/cards/${cardId}`)).data;
    expect(String(detail.cardNumber).slice(0, 6)).toBe("436797");
    expect(detail).toMatchObject({ productCode: "0BN03HNK", cardOrganization: "Mastercard", balanceAmount: 3.9 });
    const seeded = (await get(api, "/v1/cards/66a0c0de0000000000000003")).data;
    expect(seeded).toMatchObject({ productCode: "0BN03HNK", cardOrganization: "Mastercard" });
    expect(String(seeded.cardNumber).slice(0, 6)).toBe("436797");
  });

  it("Standard cancel answers the document's pending values, then settles Pending → WaitTransfer → Completed", async () => {
    sandbox = await startTestSandbox({ orderDelayMs: 150 });
    const api = await cardepassClient(sandbox.url);
    const cardId = await documentedStandardCard(api);
    const cancel = await post(api, "/v1/orders/standard/cancel", { cardId, customerOrderNo: "T20250422001" });
    const { example } = (await loadFixture("cardepass-v1/standard-cancel")) as { example: { data: Record<string, unknown> } };
    // "fee": null, "chargeMethodType": "FixedValue", "fixedValue": null, "percent": null, "settleAmount": null, "note": "",
    // "status": "Pending", "settleStatus": "Pending", "orderType": "CardCancel", "failureReason": null, "completedOn": null
    const literal = ["fee", "chargeMethodType", "fixedValue", "percent", "settleAmount", "note", "status", "settleStatus", "orderType", "failureReason", "completedOn", "customerOrderNo"];
    for (const key of literal) expect([key, cancel.data[key]]).toEqual([key, example.data[key]]);
    expect(cancel.data.cardInfo).toMatchObject({ cardId, productCode: "0BN03HNK", productName: "通用测试2卡", cardCurrency: "USD", cardModel: "Standard" });

    const orderNo = String(cancel.data.orderNo);
    const order = async () => (await get(api, `/v1/orders/standard?OrderNo=${orderNo}&OrderType=CardCancel`)).data;
    // "settleStatus … 包括：Pending 处理中 ，WaitTransfer 等待划拨，Completed 已完成"
    const waiting = await waitFor(async () => ((await order()).settleStatus === "WaitTransfer" ? order() : undefined));
    expect(waiting).toMatchObject({ status: "Completed", settleAmount: 3.8, fee: 0.1, fixedValue: null });
    const availableBefore = ((await get(api, "/v1/accounts")).data as unknown as { currency: string; amount: number }[])[0]!.amount;
    const settled = await waitFor(async () => ((await order()).settleStatus === "Completed" ? order() : undefined));
    expect(settled).toMatchObject({ status: "Completed", settleAmount: 3.8 });
    const availableAfter = ((await get(api, "/v1/accounts")).data as unknown as { currency: string; amount: number }[])[0]!.amount;
    expect(Math.round((availableAfter - availableBefore) * 100)).toBe(380);
  });

  it("card account logs carry the document's values for the same history (fees, totals, signs, statuses)", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const cardId = await documentedStandardCard(api);
    const cancel = await post(api, "/v1/orders/standard/cancel", { cardId, customerOrderNo: "T20250422001" });
    await waitFor(async () => ((await get(api, `/v1/orders/standard?OrderNo=${String(cancel.data.orderNo)}`)).data.settleStatus === "Completed" ? true : undefined));
    const logs = (await get(api, `/v1/accounts/cardAccountLogs?CardId=${cardId}`)).data as { totalRecords: number; data: Record<string, unknown>[] };
    const { example } = (await loadFixture("cardepass-v1/card-account-logs")) as { example: { data: { data: Record<string, unknown>[] } } };
    const values = (rows: Record<string, unknown>[]) =>
      rows.map((r) => ({
        type: r.cardAccountLogType,
        direction: r.fundsDirection,
        transAmount: r.transAmount,
        totalFee: r.totalFee,
        feeItems: r.feeItems,
        totalAmount: r.totalAmount,
        status: r.status,
        accountSource: (r.accountInfo as { accountSource: string }).accountSource,
        accountCardId: (r.accountInfo as { cardId: string | null }).cardId === null ? null : "card",
      }));
    // The document's four lines, newest first: CardCancel -3.9/-3.8 Income, BalanceRefund 1/1.1, CardTopUp 2/2.1, ApplyCard 3/3.2.
    expect(values(logs.data)).toEqual(values(example.data.data));
    expect(logs.totalRecords).toBe(4);
  });

  it("funding account logs reconcile line by line, available and blocked alike, over a long generated history", async () => {
    // accountLogs: "transAmount … 分正负号", "availableBalance 调整后可用余额", "blockedBalance 调整后冻结余额".
    sandbox = await startTestSandbox({ orderDelayMs: 20 });
    const api = await cardepassClient(sandbox.url);
    const url = sandbox.url;
    const orders: Promise<Envelope>[] = [];
    for (let i = 0; i < 6; i++) {
      await admin(url, "/activity/step", { count: 60 });
      orders.push(post(api, "/v1/orders/standard/apply", { productCode: "DGG0C4JD", cardCurrency: "USD", topUpAmount: `${10 + i}`, cardAlias: `r${i}`, customerOrderNo: `R-${i}` }));
      orders.push(post(api, "/v1/orders/sharebalance/apply", { productCode: "A5GGCYNQ", cardCurrency: "USD", maxAuthAmount: "50", customerOrderNo: i % 2 ? `SANDBOX-FAIL-${i}` : `RS-${i}` }));
      orders.push(post(api, "/v1/orders/standard/topup", { cardId: "66a0c0de0000000000000003", topUpAmount: "1.5", customerOrderNo: `RT-${i}` }));
    }
    await Promise.all(orders);
    await waitFor(async () => {
      const state = (await getJson(await admin(url, "/state"))) as { cardepass: { orders: { status: string }[] } };
      return state.cardepass.orders.every((o) => o.status !== "pending") ? true : undefined;
    }, 5000);
    await admin(url, "/activity/step", { count: 60 });

    type Line = { accountTransType: string; transAmount: number; availableBalance: number; blockedBalance: number };
    const lines: Line[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = (await get(api, `/v1/accounts/accountLogs?Limit=100&Offset=${offset}`)).data as { totalRecords: number; data: Line[] };
      lines.push(...page.data);
      if (offset + 100 >= page.totalRecords) break;
    }
    lines.reverse(); // newest first on the wire
    expect(lines.length).toBeGreaterThan(150);
    const cents = (v: number) => Math.round(v * 100);
    const blockedMovement = (l: Line) => (l.accountTransType === "AuthBlock" || l.accountTransType === "AuthUnBlock" ? -cents(l.transAmount) : 0);
    let available = 5_000_000;
    let blocked = 0;
    const broken: string[] = [];
    for (const [i, l] of lines.entries()) {
      available += cents(l.transAmount);
      blocked += blockedMovement(l);
      if (available !== cents(l.availableBalance) || blocked !== cents(l.blockedBalance)) broken.push(`#${i} ${l.accountTransType}`);
      available = cents(l.availableBalance);
      blocked = cents(l.blockedBalance);
    }
    expect(broken).toEqual([]);
    expect(lines.some((l) => l.accountTransType === "AuthBlock") && lines.some((l) => l.accountTransType === "OpenCardFee")).toBe(true);
    const state = (await getJson(await admin(url, "/state"))) as { cardepass: { funding: { available: string; blocked: string } } };
    expect([cents(Number(state.cardepass.funding.available)), cents(Number(state.cardepass.funding.blocked))]).toEqual([available, blocked]);
  });

  it("v1 Standard apply requires cardAlias and customerOrderNo", async () => {
    // cardepass-v1.md orders/standard/apply: "| » cardAlias | body | string | 是 |", "| » customerOrderNo | body | string | 是 |"
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const base = { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3" };
    const noAlias = await api.post("/v1/orders/standard/apply", { ...base, customerOrderNo: "A-1" });
    expect(noAlias.status).toBe(400);
    expect(await getJson(noAlias)).toMatchObject({ hasError: true, errorCode: "400", errorMessage: "cardAlias: is required" });
    const noOrderNo = await api.post("/v1/orders/standard/apply", { ...base, cardAlias: "a" });
    expect(await getJson(noOrderNo)).toMatchObject({ hasError: true, errorMessage: "customerOrderNo: is required" });
  });
});

describe("Cardepass v2 sandbox errors", () => {
  it("LIMIT_EXCEEDED and ORDER_STATUS_INVALID where the v2 error table applies them; v2 apply accepts the example's body", async () => {
    // cardepass-v2.md 卡片业务错误: "| LIMIT_EXCEEDED | 超出限额 | 调整交易金额或提升限额 |";
    // 订单相关错误: "| ORDER_STATUS_INVALID | 订单状态不支持操作 | 检查订单当前状态 |"
    sandbox = await startTestSandbox({ cardepassVersion: "v2", orderDelayMs: 400 });
    const api = await cardepassClient(sandbox.url);
    const share = "66a0c0de0000000000000001";
    const tooLow = await post(api, "/v1/orders/sharebalance/creditLimit", { cardId: share, maxAuthAmount: "20", maxCreditAmount: "10", customerOrderNo: "L-1" });
    expect(tooLow).toMatchObject({ hasError: true, errorCode: "LIMIT_EXCEEDED", errorMessage: "超出限额" });
    const first = await post(api, "/v1/orders/sharebalance/creditLimit", { cardId: share, maxAuthAmount: "20", customerOrderNo: "T20250423002" });
    expect(first).toMatchObject({ hasError: false, data: { status: "Pending" } });
    const second = await post(api, "/v1/orders/sharebalance/block", { cardId: share, customerOrderNo: "L-3" });
    expect(second).toMatchObject({ hasError: true, errorCode: "ORDER_STATUS_INVALID", errorMessage: "订单状态不支持操作" });
    // The same key and body is still the original order, not an error.
    expect(await post(api, "/v1/orders/sharebalance/creditLimit", { cardId: share, maxAuthAmount: "20", customerOrderNo: "T20250423002" })).toMatchObject({ hasError: false });
    // The v2 Standard apply example omits cardAlias and customerOrderNo: accepted in v2 mode.
    expect(await post(api, "/v1/orders/standard/apply", { productCode: "DGG0C4JD", cardCurrency: "USD", maxAuthAmount: "100" })).toMatchObject({ hasError: false });
  });
});
