import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { cardepassClient, cardepassToken, getJson, startTestSandbox, waitFor } from "../test-support/clients";
import { loadFixture, shapeDiff } from "../test-support/shape";

const SHARE_CARD = "66a0c0de0000000000000001";
const STANDARD_CARD = "66a0c0de0000000000000003";

let sandbox: RunningSandbox;
let api: Awaited<ReturnType<typeof cardepassClient>>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  api = await cardepassClient(sandbox.url);
});
afterAll(() => sandbox.close());

async function expectShape(res: Response, fixture: string): Promise<Record<string, unknown>> {
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = await getJson(res);
  const { example } = await loadFixture(fixture);
  expect(shapeDiff(example, body)).toEqual([]);
  return body;
}

async function completed(model: "sharebalance" | "standard", orderNo: string) {
  return waitFor(async () => {
    const body = await getJson(await api.get(`/v1/orders/${model}?OrderNo=${orderNo}`));
    return (body.data as { status: string }).status === "Completed" ? body : null;
  });
}

describe("Cardepass v1 wire shapes match cardepass-v1.md examples", () => {
  it("token", async () => {
    const res = await cardepassToken(sandbox.url);
    expect(res.status).toBe(200);
    await expectShape(res, "cardepass-v1/token");
  });

  it("ping answers the bare JSON string", async () => {
    const res = await api.get("/v1/ping");
    expect(await res.json()).toBe("Ping Success");
  });

  it("products, card detail, accounts", async () => {
    await expectShape(await api.get("/v1/products"), "cardepass-v1/products");
    const card = await expectShape(await api.get(`/v1/cards/${STANDARD_CARD}`), "cardepass-v1/card-detail");
    expect((card.data as { expirationMMYY: string }).expirationMMYY).toMatch(/^\d{2}\/\d{4}$/);
    await expectShape(await api.get("/v1/accounts"), "cardepass-v1/accounts");
  });

  it("ShareBalance apply (Pending) and the order query once Completed", async () => {
    const body = { productCode: "A5GGCYNQ", cardCurrency: "USD", maxAuthAmount: "10", maxCreditAmount: "", cardAlias: "c1", customerOrderNo: "CT-SB-1" };
    const pending = await expectShape(await api.post("/v1/orders/sharebalance/apply", body), "cardepass-v1/sharebalance-apply");
    const orderNo = (pending.data as { orderNo: string; status: string }).orderNo;
    expect((pending.data as { status: string }).status).toBe("Pending");
    const done = await completed("sharebalance", orderNo);
    const { example } = await loadFixture("cardepass-v1/sharebalance-order-query");
    expect(shapeDiff(example, done)).toEqual([]);
  });

  it("ShareBalance creditLimit, unblock and cancel", async () => {
    await expectShape(
      await api.post("/v1/orders/sharebalance/creditLimit", { cardId: SHARE_CARD, customerOrderNo: "CT-CL-1", maxAuthAmount: "20", maxCreditAmount: "" }),
      "cardepass-v1/sharebalance-credit-limit",
    );
    const block = await getJson(await api.post("/v1/orders/sharebalance/block", { cardId: SHARE_CARD, customerOrderNo: "CT-BL-1" }));
    await completed("sharebalance", (block.data as { orderNo: string }).orderNo);
    await expectShape(await api.post("/v1/orders/sharebalance/unblock", { cardId: SHARE_CARD, customerOrderNo: "CT-UB-1" }), "cardepass-v1/sharebalance-unblock");
    await expectShape(await api.post("/v1/orders/sharebalance/cancel", { cardId: "66a0c0de0000000000000002", customerOrderNo: "CT-CA-1" }), "cardepass-v1/sharebalance-cancel");
  });

  it("Standard apply (Pending, Completed query) and the insufficient-funds answer", async () => {
    const body = { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3", cardAlias: "t", customerOrderNo: "CT-ST-1" };
    const pending = await expectShape(await api.post("/v1/orders/standard/apply", body), "cardepass-v1/standard-apply");
    const done = await completed("standard", (pending.data as { orderNo: string }).orderNo);
    const { example } = await loadFixture("cardepass-v1/standard-order-query");
    expect(shapeDiff(example, done)).toEqual([]);

    const poor = await api.post("/v1/orders/standard/apply", { ...body, topUpAmount: "99999999", customerOrderNo: "CT-ST-2" });
    expect(poor.status).toBe(200);
    await expectShape(poor, "cardepass-v1/standard-apply-not-enough");
  });

  it("Standard topup, block, withdraw, cancel", async () => {
    await expectShape(await api.post("/v1/orders/standard/topup", { cardId: STANDARD_CARD, topUpAmount: "2", customerOrderNo: "CT-TU-1" }), "cardepass-v1/standard-topup");
    await expectShape(await api.post("/v1/orders/standard/withdraw", { cardId: STANDARD_CARD, withdrawAmount: "1", customerOrderNo: "CT-WD-1" }), "cardepass-v1/standard-withdraw");
    await expectShape(await api.post("/v1/orders/standard/block", { cardId: STANDARD_CARD, customerOrderNo: "CT-SBL-1" }), "cardepass-v1/standard-block");
    const apply = await getJson(await api.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "5", cardAlias: "x", customerOrderNo: "CT-ST-3" }));
    const done = await completed("standard", (apply.data as { orderNo: string }).orderNo);
    const cardId = (done.data as { cardInfos: { cardId: string }[] }).cardInfos[0]?.cardId;
    await expectShape(await api.post("/v1/orders/standard/cancel", { cardId, customerOrderNo: "CT-SCA-1" }), "cardepass-v1/standard-cancel");
  });

  it("Standard topup takes only v1's field: `| » topUpAmount | body | string | 是 |`; v2's `amount` is refused and funds nothing", async () => {
    const balance = async () => ((await getJson(await api.get(`/v1/cards/${STANDARD_CARD}`))).data as { balance: number }).balance;
    const before = await balance();
    const refused = await api.post("/v1/orders/standard/topup", { cardId: STANDARD_CARD, amount: 10, customerOrderNo: "CT-TU-V2-FIELD" });
    expect(refused.status).toBe(400);
    expect(await getJson(refused)).toMatchObject({ hasError: true, errorCode: "400", errorMessage: expect.stringContaining("amount") });
    expect(await balance()).toBe(before);
  });

  it("v1 is unchanged: a Standard detail's maxAuthAmount is 0 ('| »» maxAuthAmount | string | true | none | 仅在共享模式下可用 |'), and cardAccountLogs takes Limit/Offset", async () => {
    const applied = await getJson(await api.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "0", maxAuthAmount: "100", cardAlias: "v1 limit", customerOrderNo: "CT-STD-V1-LIMIT" }));
    expect(applied.hasError).toBe(false);
    const order = await completed("standard", (applied.data as { orderNo: string }).orderNo);
    const cardId = ((order.data as { cardInfos: { cardId: string }[] }).cardInfos[0]!).cardId;
    expect(((await getJson(await api.get(`/v1/cards/${cardId}`))).data as { maxAuthAmount: number }).maxAuthAmount).toBe(0);
    const ids = async (query: string) => ((await getJson(await api.get(`/v1/accounts/cardAccountLogs?CardId=${STANDARD_CARD}&${query}`))).data as { data: { accountLogId: string }[] }).data.map((l) => l.accountLogId);
    const all = await ids("Limit=10");
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await ids("Limit=1&Offset=1")).toEqual([all[1]]);
  });

  it("transactions and cardAccountLogs", async () => {
    const tx = await expectShape(await api.get("/v1/transactions?PageSize=50"), "cardepass-v1/transactions");
    expect(((tx.data as { data: unknown[] }).data).length).toBeGreaterThan(5);
    // The example shows settled log lines; wait for this suite's orders on the card to complete.
    await waitFor(async () => {
      const body = await getJson(await api.get(`/v1/accounts/cardAccountLogs?CardId=${STANDARD_CARD}`));
      return (body.data as { data: { status: string }[] }).data.every((l) => l.status !== "Pending");
    });
    const logs = await expectShape(await api.get(`/v1/accounts/cardAccountLogs?CardId=${STANDARD_CARD}`), "cardepass-v1/card-account-logs");
    expect(((logs.data as { data: unknown[] }).data).length).toBeGreaterThan(0);
  });
});
