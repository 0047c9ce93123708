import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { admin, getJson, nobepayClient, startTestSandbox, waitFor } from "../test-support/clients";
import { loadFixture, shapeDiff } from "../test-support/shape";

const CARD = "c_8f3a1c0e5b7d4a2f0001";
let sandbox: RunningSandbox;
let api: Awaited<ReturnType<typeof nobepayClient>>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  api = await nobepayClient(sandbox.url);
});
afterAll(() => sandbox.close());

async function expectShape(res: Response, fixture: string) {
  const body = await getJson(res);
  const { example } = await loadFixture(fixture);
  expect(shapeDiff(example, body)).toEqual([]);
  expect(body).toMatchObject({ success: true, code: 200000 });
  return body;
}

describe("NobePay wire shapes match nobepay.md examples", () => {
  it("token", async () => {
    const res = await fetch(`${sandbox.url}/nobepay/open/api/v1/token/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appKey: "sandbox-key", appSecret: "sandbox-secret" }),
    });
    const body = await expectShape(res, "nobepay/token");
    expect((body.data as { expiresIn: number }).expiresIn).toBe(10800);
  });

  it("segments, US states, tags", async () => {
    await expectShape(await api.get("/card/vd/list"), "nobepay/vd-list");
    const states = await expectShape(await api.get("/enum/us/states"), "nobepay/us-states");
    expect((states.data as unknown[]).length).toBe(51);
    await expectShape(await api.get("/card/tag/list?pageNo=1&pageSize=10"), "nobepay/tag-list");
  });

  it("create, list (masked, cutomerId sic) and info (full)", async () => {
    const create = await expectShape(
      await api.post("/card/create", {
        cardHolder: { address: { city: "Vienna", country: "US", state: "GA", street: "1010 Pine St LOT 12-E", zipCode: "31092" }, firstName: "Milton", lastName: "Schmitt" },
        rentMonths: 10,
        deposit: 1000,
        vid: "v_5bc814",
        payCurrency: "USD",
        customerId: "user_id_123",
        tagNameList: ["test"],
      }),
      "nobepay/card-create",
    );
    expect((create.data as { card: { status: string; number: string } }).card).toMatchObject({ status: "INIT", number: "-" });
    const list = await expectShape(await api.get("/card/list?pageNo=1&pageSize=10"), "nobepay/card-list");
    const rows = (list.data as { data: { card: { number: string; cvc: string; status: string } }[] }).data;
    expect(rows.filter((r) => r.card.status === "ACTIVE").every((r) => r.card.number === "***" && r.card.cvc === "***")).toBe(true);
    const info = await expectShape(await api.get(`/card/info?cardId=${CARD}`), "nobepay/card-info");
    expect((info.data as { card: { number: string } }).card.number).toMatch(/^556735\d{10}$/);
  });

  it("transaction list v2, deprecated trade list, deposit, order list", async () => {
    await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1000.00", currency: "USD", merchant: "FACEBK ADS" });
    const tx = await expectShape(await api.get(`/card/transaction/list?pageNo=1&pageSize=50&cardId=${CARD}`), "nobepay/transaction-list");
    const statuses = new Set((tx.data as { data: { status: string }[] }).data.map((t) => t.status));
    expect([...statuses].sort()).toEqual(["COMPLETE", "DECLINED", "PENDING", "REFUND", "REVERSED"]);
    await expectShape(await api.get(`/card/trade/list?pageNo=1&pageSize=50&cardId=${CARD}`), "nobepay/trade-list");
    await expectShape(await api.post("/card/deposit", { cardId: CARD, amount: "1000", payCurrency: "USD" }), "nobepay/deposit");
    await expectShape(await api.get(`/card/order/list?pageNo=1&pageSize=10&cardId=${CARD}`), "nobepay/order-list");
  });

  it("webhook bodies match the PENDING, COMPLETE and REFUND examples", async () => {
    const received: unknown[] = [];
    const { createServer } = await import("node:http");
    const hook = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        received.push(JSON.parse(raw));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
    const port = (hook.address() as { port: number }).port;
    await admin(sandbox.url, "/webhook-target", { url: `http://127.0.0.1:${port}/hook` });
    const txn = (await getJson(await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "19.92", merchant: "FACEBK ADS" }))) as { id: string };
    await admin(sandbox.url, `/transactions/${txn.id}/settle`, {});
    await admin(sandbox.url, `/transactions/${txn.id}/refund`, {});
    await waitFor(async () => received.length >= 3);
    hook.close();
    for (const [i, name] of ["webhook-pending", "webhook-complete", "webhook-refund"].entries()) {
      const { example } = await loadFixture(`nobepay/${name}`);
      expect(shapeDiff(example, received[i])).toEqual([]);
    }
  });
});
