import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { cardepassClient, cardepassToken, getJson, startTestSandbox, waitFor } from "../test-support/clients";
import { loadFixture, shapeDiff, type ShapeOptions } from "../test-support/shape";

let sandbox: RunningSandbox;
let api: Awaited<ReturnType<typeof cardepassClient>>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ cardepassVersion: "v2" });
  api = await cardepassClient(sandbox.url);
});
afterAll(() => sandbox.close());

async function expectShape(res: Response, fixture: string, options?: ShapeOptions) {
  const body = await getJson(res);
  const { example } = await loadFixture(fixture);
  expect(shapeDiff(example, body, options)).toEqual([]);
  return body;
}

describe("Cardepass v2 wire shapes match cardepass-v2.md examples", () => {
  it("token and products", async () => {
    await expectShape(await cardepassToken(sandbox.url), "cardepass-v2/token");
    await expectShape(await api.get("/v1/products"), "cardepass-v2/products");
  });

  it("card detail: exactly the v2 example's fields, no card number, CVV or expiry", async () => {
    // cardepass-v2.md GET /v1/cards/{cardId} 响应参数说明 lists cardId, cardAlias, cardModel, cardCurrency, cardStatus, balance,
    // maxAuthAmount, maxCreditAmount, createdOn — nothing else.
    const body = await expectShape(await api.get("/v1/cards/66a0c0de0000000000000001"), "cardepass-v2/card-detail");
    const { example } = await loadFixture("cardepass-v2/card-detail");
    expect(Object.keys(body.data as object).sort()).toEqual(Object.keys((example as { data: object }).data).sort());
    expect(body.data).toMatchObject({ cardStatus: "Active", cardModel: "ShareBalance", cardCurrency: "USD", maxAuthAmount: 500, maxCreditAmount: 5000 });
    expect(body.data).not.toHaveProperty("cardNumber");
  });

  it("sharebalance apply, accounts and cursor-paged transactions", async () => {
    await expectShape(
      await api.post("/v1/orders/sharebalance/apply", { productCode: "A5GGCYNQ", cardCurrency: "USD", maxAuthAmount: "10", cardAlias: "v2", customerOrderNo: "V2-1" }),
      "cardepass-v2/sharebalance-apply",
    );
    await expectShape(await api.get("/v1/accounts"), "cardepass-v2/accounts");
    const page = await expectShape(await api.get("/v1/transactions?PageSize=3"), "cardepass-v2/transactions");
    expect((page.pagination as { hasMore: boolean }).hasMore).toBe(true);
    expect((page.data as unknown[]).length).toBe(3);
  });

  it("Standard apply follows the v2 example body: a card issued empty; a topUpAmount is refused, never funded", async () => {
    // cardepass-v2.md "POST 标准模式开卡申请" lists no amount field; its example body is
    //   '{ "productCode": "STD001", "cardCurrency": "USD", "maxAuthAmount": "100" }';
    // the only way it funds a Standard card is "POST 标准模式卡充值" ("| amount | body | number | 是 | 充值金额 | 充值数额 |"),
    // and "| 400 | 400 | 请求参数错误 | 检查请求参数格式和内容 |" is its answer to a parameter it does not take.
    const before = (await getJson(await api.get("/v1/accounts"))).data as { availableBalance: number };
    const refused = await api.post("/v1/orders/standard/apply", { productCode: "DGG0C4JD", cardCurrency: "USD", topUpAmount: "100", cardAlias: "v2", customerOrderNo: "V2-STD-FUNDED" });
    expect(refused.status).toBe(400);
    expect(await getJson(refused)).toMatchObject({ hasError: true, errorCode: "400", errorMessage: expect.stringContaining("topUpAmount") });
    expect(((await getJson(await api.get("/v1/accounts"))).data as { availableBalance: number }).availableBalance).toBe(before.availableBalance);

    const applied = await getJson(await api.post("/v1/orders/standard/apply", { productCode: "DGG0C4JD", cardCurrency: "USD", maxAuthAmount: "100", cardAlias: "v2", customerOrderNo: "V2-STD-EMPTY" }));
    expect(applied.hasError).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    const order = (await getJson(await api.get("/v1/orders/standard?CustomerOrderNo=V2-STD-EMPTY"))).data as { status: string; cardInfo?: { cardId: string }; cardInfos?: { cardId: string }[] };
    expect(order.status).toBe("Completed");
    const cardId = order.cardInfo?.cardId ?? order.cardInfos?.[0]?.cardId;
    expect(((await getJson(await api.get(`/v1/cards/${cardId}`))).data as { balance: number }).balance).toBe(0);
  });

  it("topup takes only the v2 field: `| amount | body | number | 是 | 充值金额 |`; v1's topUpAmount, or amount as text, is refused and funds nothing", async () => {
    const card = "66a0c0de0000000000000003";
    const balance = async () => ((await getJson(await api.get(`/v1/cards/${card}`))).data as { balance: number }).balance;
    const before = await balance();
    for (const [body, field] of [
      [{ cardId: card, topUpAmount: "10", customerOrderNo: "V2-TU-V1-FIELD" }, "topUpAmount"],
      [{ cardId: card, amount: "10", customerOrderNo: "V2-TU-TEXT" }, "amount"],
    ] as const) {
      const refused = await api.post("/v1/orders/standard/topup", body);
      expect(refused.status, field).toBe(400);
      expect(await getJson(refused), field).toMatchObject({ hasError: true, errorCode: "400", errorMessage: expect.stringContaining(field) });
    }
    await new Promise((r) => setTimeout(r, 150));
    expect(await balance()).toBe(before);
  });

  it("Standard apply keeps the examples' maxAuthAmount, and the card detail reports it (`| maxAuthAmount | number | 单笔限额 | 单次交易最大金额 |`)", async () => {
    // cardepass-v2.md's two Standard apply bodies carry it: '"maxAuthAmount": "100"' (标准模式开卡申请) and
    // '"maxAuthAmount": "200", "cardAlias": "我的标准卡"' (场景2); the v2 card detail restricts it to no model.
    const applied = await getJson(await api.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", maxAuthAmount: "200", cardAlias: "我的标准卡", customerOrderNo: "V2-STD-LIMIT" }));
    expect(applied.hasError).toBe(false);
    const order = await waitFor(async () => {
      const body = (await getJson(await api.get("/v1/orders/standard?CustomerOrderNo=V2-STD-LIMIT"))).data as { status: string; cardInfos?: { cardId: string }[] };
      return body.status === "Completed" ? body : null;
    });
    const detail = (await getJson(await api.get(`/v1/cards/${order.cardInfos![0]!.cardId}`))).data;
    expect(detail).toMatchObject({ cardModel: "Standard", maxAuthAmount: 200, balance: 0 });
    // "单次交易最大金额": a purchase above it is declined even when the card holds enough.
    const cardId = order.cardInfos![0]!.cardId;
    expect((await getJson(await api.post("/v1/orders/standard/topup", { cardId, amount: 300, customerOrderNo: "V2-STD-LIMIT-LOAD" }))).hasError).toBe(false);
    await waitFor(async () => (((await getJson(await api.get(`/v1/cards/${cardId}`))).data as { balance: number }).balance === 300 ? true : null));
    const purchase = async (amount: string) =>
      (await (await fetch(`${sandbox.url}/_sandbox/purchase`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "cardepass", cardId, amount, merchant: "Acme" }) })).json()) as { approved: boolean; declineReason: string | null };
    expect(await purchase("250")).toMatchObject({ approved: false, declineReason: "over_auth_limit" });
    expect(await purchase("150")).toMatchObject({ approved: true });
    // A Standard card applied without one reports none (0, as before), and a malformed one is refused.
    expect(((await getJson(await api.get("/v1/cards/66a0c0de0000000000000003"))).data as { maxAuthAmount: number }).maxAuthAmount).toBe(0);
    const bad = await api.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", maxAuthAmount: "lots", customerOrderNo: "V2-STD-BAD-LIMIT" });
    expect(bad.status).toBe(400);
    expect(await getJson(bad)).toMatchObject({ hasError: true, errorCode: "400", errorMessage: expect.stringContaining("maxAuthAmount") });
  });

  it("cardAccountLogs pages by PageNumber/PageSize only (its table has no Limit/Offset, which only accountLogs defines)", async () => {
    // cardepass-v2.md GET 查询卡资金明细: "| PageNumber | query | integer | 否 | 页码 | 分页页码，从1开始 |",
    // "| PageSize | query | integer | 否 | 页大小 | 每页记录数 |"; GET 查询资金账户明细 alone lists "| Limit |" and "| Offset |".
    const card = "66a0c0de0000000000000003";
    for (const [i, amount] of [5, 6].entries()) {
      expect((await getJson(await api.post("/v1/orders/standard/topup", { cardId: card, amount, customerOrderNo: `V2-LOGS-${i}` }))).hasError).toBe(false);
      await waitFor(async () => (((await getJson(await api.get(`/v1/orders/standard?CustomerOrderNo=V2-LOGS-${i}`))).data as { status: string }).status === "Completed" ? true : null));
    }
    const ids = async (query: string) => ((await getJson(await api.get(`/v1/accounts/cardAccountLogs?CardId=${card}&${query}`))).data as { data: { accountLogId: string }[] }).data.map((l) => l.accountLogId);
    const all = await ids("PageNumber=1&PageSize=10");
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await ids("PageNumber=2&PageSize=1")).toEqual([all[1]]);
    // Limit/Offset are not parameters of this endpoint: the first page of the default size, as with none at all.
    expect(await ids("Limit=1&Offset=1")).toEqual(await ids(""));
    expect(await ids("Limit=1&Offset=1&PageNumber=2&PageSize=1")).toEqual([all[1]]);
  });

  it("accountLogs pages by Limit/Offset only, ignoring PageNumber/PageSize, which its table does not list", async () => {
    // cardepass-v2.md GET /v1/accounts/accountLogs: "| Limit | query | integer | 否 | 限制数量 |", "| Offset | query | integer | 否 | 偏移量 |".
    const ids = async (query: string) => ((await getJson(await api.get(`/v1/accounts/accountLogs?${query}`))).data as { data: { id: string }[] }).data.map((l) => l.id);
    const all = await ids("Limit=10&Offset=0");
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await ids("Limit=1&Offset=1")).toEqual([all[1]]);
    expect(await ids("Limit=1&Offset=0&PageNumber=2&PageSize=1")).toEqual([all[0]]);
  });

  it("topup accepts the v2 number field `amount`; a failed order reads Failed", async () => {
    const res = await getJson(await api.post("/v1/orders/standard/topup", { cardId: "66a0c0de0000000000000003", amount: 50.0, customerOrderNo: "SANDBOX-FAIL-v2" }));
    expect(res.hasError).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    const query = await getJson(await api.get("/v1/orders/standard?CustomerOrderNo=SANDBOX-FAIL-v2"));
    expect((query.data as { status: string }).status).toBe("Failed");
  });
});
