import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { cardepassClient, cardepassToken, getJson, startTestSandbox, waitFor } from "../test-support/clients";

let sandbox: RunningSandbox;
afterEach(() => sandbox?.close());

type Data = Record<string, unknown>;
const data = async (res: Response) => (await getJson(res)).data as Data;
const funding = async (api: Awaited<ReturnType<typeof cardepassClient>>) => ((await data(await api.get("/v1/accounts"))) as unknown as { amount: number }[])[0]?.amount ?? NaN;
const cents = (n: number) => Math.round(n * 100);

describe("Cardepass behaviour", () => {
  it("refuses a wrong secret with 401 invalid_client and unknown tokens with 401 {}", async () => {
    sandbox = await startTestSandbox();
    const res = await cardepassToken(sandbox.url, "wrong");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid_client" });
    const ping = await fetch(`${sandbox.url}/cardepass/openapi/v1/ping`, { headers: { authorization: "Bearer nope" } });
    expect(ping.status).toBe(401);
    expect(await ping.json()).toEqual({});
  });

  it("expires tokens after expires_in while an older token stays valid until its own expiry", async () => {
    sandbox = await startTestSandbox({ tokenTtlSeconds: 1 });
    const first = await cardepassClient(sandbox.url);
    const tokenRes = (await (await cardepassToken(sandbox.url)).json()) as { expires_in: number };
    expect(tokenRes.expires_in).toBe(1);
    expect((await first.get("/v1/ping")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await first.get("/v1/ping");
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({});
  });

  it("answers Pending, completes after the delay and moves funding, fees and card balance consistently", async () => {
    sandbox = await startTestSandbox({ orderDelayMs: 200 });
    const api = await cardepassClient(sandbox.url);
    const before = await funding(api);
    const order = await data(await api.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3", cardAlias: "a", customerOrderNo: "B-1" }));
    expect(order.status).toBe("Pending");
    expect(cents(await funding(api))).toBe(cents(before) - 320); // 3.00 + OpenCardFee 0.10 + TopUpFee 0.10
    const early = await data(await api.get(`/v1/orders/standard?OrderType=ApplyCard&OrderNo=${String(order.orderNo)}`));
    expect(early.status).toBe("Pending");
    const done = await waitFor(async () => {
      const d = await data(await api.get(`/v1/orders/standard?OrderType=ApplyCard&CustomerOrderNo=B-1`));
      return d.status === "Completed" ? d : null;
    });
    const cardId = (done.cardInfos as { cardId: string }[])[0]?.cardId;
    const card = await data(await api.get(`/v1/cards/${cardId}`));
    expect(card.balanceAmount).toBe(3);
    expect(String(card.cardNumber)).toMatch(/^\d{16}$/);

    await api.post("/v1/orders/standard/withdraw", { cardId, withdrawAmount: "1", customerOrderNo: "B-2" });
    await waitFor(async () => (await data(await api.get(`/v1/orders/standard?CustomerOrderNo=B-2`))).status === "Completed");
    expect((await data(await api.get(`/v1/cards/${cardId}`))).balanceAmount).toBe(1.9); // 1.00 + CardWithdrawFee 0.10 left the card
    expect(cents(await funding(api))).toBe(cents(before) - 320 + 100);
  });

  it("returns the original order for the same customerOrderNo and body, DUPLICATE_ORDER for a different body", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const body = { cardId: "66a0c0de0000000000000003", topUpAmount: "2", customerOrderNo: "IDEM-1" };
    const first = await data(await api.post("/v1/orders/standard/topup", body));
    const before = await funding(api);
    const again = await data(await api.post("/v1/orders/standard/topup", body));
    expect(again.orderNo).toBe(first.orderNo);
    expect(await funding(api)).toBe(before);
    const dup = await getJson(await api.post("/v1/orders/standard/topup", { ...body, topUpAmount: "3" }));
    expect(dup).toMatchObject({ data: null, hasError: true, errorCode: "DUPLICATE_ORDER" });
  });

  it("answers insufficient funding with HTTP 200 hasError and leaves balances untouched", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const before = await funding(api);
    const res = await api.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "1000000", cardAlias: "x", customerOrderNo: "POOR" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ hasError: true, errorCode: "applyCard_availableBalance__not_enough" });
    expect(await funding(api)).toBe(before);
  });

  it("ends a forced failure in Failure and refunds the reserved funds", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const before = await funding(api);
    await api.post("/v1/orders/standard/topup", { cardId: "66a0c0de0000000000000003", topUpAmount: "10", customerOrderNo: "SANDBOX-FAIL-1" });
    const failed = await waitFor(async () => {
      const d = await data(await api.get("/v1/orders/standard?CustomerOrderNo=SANDBOX-FAIL-1"));
      return d.status !== "Pending" ? d : null;
    });
    expect(failed.status).toBe("Failure");
    expect(await funding(api)).toBe(before);
  });

  it("pages transactions with a cursor without gaps or repeats, and filters by card and status", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const all = ((await data(await api.get("/v1/transactions?PageSize=100"))).data as { id: string }[]).map((t) => t.id);
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = await data(await api.get(`/v1/transactions?PageSize=4${cursor ? `&PageCursor=${cursor}` : ""}`));
      seen.push(...(page.data as { id: string }[]).map((t) => t.id));
      cursor = String(page.pageCursor);
    } while (cursor);
    expect(seen).toEqual(all);
    const card = "66a0c0de0000000000000001";
    const settled = (await data(await api.get(`/v1/transactions?CardId=${card}&TransactionStatus=Settled&PageSize=100`))).data as { status: string; cardInfo: { cardId: string } }[];
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((t) => t.status === "Settled" && t.cardInfo.cardId === card)).toBe(true);
    const none = (await data(await api.get("/v1/transactions?TransactionDateTo=2020-01-01"))).data as unknown[];
    expect(none).toEqual([]);
  });
});
