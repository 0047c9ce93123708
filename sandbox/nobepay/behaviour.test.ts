import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { admin, getJson, nobepayClient, nobepayHeaders, startTestSandbox, waitFor } from "../test-support/clients";

const CARD = "c_8f3a1c0e5b7d4a2f0001";
let sandbox: RunningSandbox;
let hook: Server | undefined;
afterEach(async () => {
  hook?.close();
  hook = undefined;
  await sandbox?.close();
});

const body = async (res: Response) => (await getJson(res)) as { success: boolean; code: number; msg: string; data: unknown };

const holder = { firstName: "Ada", lastName: "Byron", address: { street: "1 Main St", city: "Austin", state: "TX", country: "US", zipCode: "73301" } };

async function cardStatus(api: Awaited<ReturnType<typeof nobepayClient>>, cardId: string) {
  return ((await body(await api.get(`/card/info?cardId=${cardId}`))).data as { card: { status: string; balance: number } }).card;
}

describe("NobePay request signing headers", () => {
  it("refuses a missing header, a stale timestamp, a reused nonce and an unknown token", async () => {
    sandbox = await startTestSandbox();
    const api = await nobepayClient(sandbox.url);
    const url = `${sandbox.url}/nobepay/open/api/v1/rest/card/vd/list`;
    const missing = await body(await fetch(url, { headers: nobepayHeaders(api.token, { nonce: undefined }) }));
    expect(missing).toMatchObject({ success: false, code: 401002, data: null });
    const stale = await body(await fetch(url, { headers: nobepayHeaders(api.token, { timestamp: String(Date.now() - 6 * 60_000) }) }));
    expect(stale).toMatchObject({ success: false, code: 401003 });
    // "+8" in the document is not an offset to add: epoch milliseconds are the same everywhere.
    const shifted = await body(await fetch(url, { headers: nobepayHeaders(api.token, { timestamp: String(Date.now() + 8 * 3600_000) }) }));
    expect(shifted.code).toBe(401003);
    const headers = nobepayHeaders(api.token);
    expect((await body(await fetch(url, { headers }))).success).toBe(true);
    expect(await body(await fetch(url, { headers }))).toMatchObject({ success: false, code: 401004 });
    expect((await body(await fetch(url, { headers: nobepayHeaders("not-a-token") }))).code).toBe(401001);
  });

  it("expires tokens after expiresIn", async () => {
    sandbox = await startTestSandbox({ nobepayTokenTtlSeconds: 1 });
    const api = await nobepayClient(sandbox.url);
    expect((await body(await api.get("/card/vd/list"))).success).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await body(await api.get("/card/vd/list"))).code).toBe(401001);
  });

  it("refuses wrong app credentials", async () => {
    sandbox = await startTestSandbox();
    const res = await fetch(`${sandbox.url}/nobepay/open/api/v1/token/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appKey: "sandbox-key", appSecret: "nope" }),
    });
    expect(await body(res)).toMatchObject({ success: false, code: 401000, data: null });
  });
});

describe("NobePay card lifecycle", () => {
  it("walks INIT -> ... -> ACTIVE and debits the segment balance", async () => {
    sandbox = await startTestSandbox({ orderDelayMs: 200 });
    const api = await nobepayClient(sandbox.url);
    const segment = async () => ((await body(await api.get("/card/vd/list"))).data as { vid: string; accountBalance: { amount: number } }[]).find((s) => s.vid === "v_5bc814");
    const before = (await segment())?.accountBalance.amount ?? 0;
    const created = await body(await api.post("/card/create", { vid: "v_5bc814", cardHolder: holder, deposit: 2500, payCurrency: "USD" }));
    const cardId = (created.data as { card: { cardId: string } }).card.cardId;
    const seen = new Set<string>();
    await waitFor(async () => {
      const c = await cardStatus(api, cardId);
      seen.add(c.status);
      return c.status === "ACTIVE";
    });
    expect(seen.size).toBeGreaterThan(1);
    expect((await cardStatus(api, cardId)).balance).toBe(2500);
    expect((await segment())?.accountBalance.amount).toBe(before - 2500);
  });

  it("ends in CREATE_CARD_FAILED_REFUND below the minimum deposit or beyond the segment balance", async () => {
    sandbox = await startTestSandbox();
    const api = await nobepayClient(sandbox.url);
    const small = await body(await api.post("/card/create", { vid: "v_7a21c9", cardHolder: holder, deposit: 1999, payCurrency: "USD" }));
    const big = await body(await api.post("/card/create", { vid: "v_7a21c9", cardHolder: holder, deposit: 9_999_999, payCurrency: "USD" }));
    for (const res of [small, big]) {
      const cardId = (res.data as { card: { cardId: string } }).card.cardId;
      const final = await waitFor(async () => {
        const c = await cardStatus(api, cardId);
        return c.status === "CREATE_CARD_FAILED_REFUND" || c.status === "ACTIVE" ? c : null;
      });
      expect(final).toMatchObject({ status: "CREATE_CARD_FAILED_REFUND", balance: 0 });
    }
  });

  it("deposits, withdraws and cancels in cents with the balance returned", async () => {
    sandbox = await startTestSandbox();
    const api = await nobepayClient(sandbox.url);
    const start = (await cardStatus(api, CARD)).balance;
    expect((await body(await api.post("/card/deposit", { cardId: CARD, amount: 1000, payCurrency: "USD" }))).data).toBe(true);
    expect((await body(await api.post("/card/withdraw", { cardId: CARD, amount: "500" }))).data).toBe(true);
    expect((await cardStatus(api, CARD)).balance).toBe(start + 500);
    expect((await body(await api.post("/card/withdraw", { cardId: CARD, amount: 99_999_999 }))).code).toBe(400101);
    const info = (await body(await api.get(`/card/info?cardId=${CARD}`))).data as { card: { cardSeqNo: string } };
    await api.post("/card/cancel", { cardId: CARD, cardSeqNo: info.card.cardSeqNo });
    expect((await cardStatus(api, CARD)).status).toBe("CANCELLING");
    await waitFor(async () => (await cardStatus(api, CARD)).status === "CANCELED");
    expect((await cardStatus(api, CARD)).balance).toBe(0);
    const orders = (await body(await api.get(`/card/order/list?pageNo=1&pageSize=10&cardId=${CARD}`))).data as { data: { type: string; amount: number }[] };
    expect(orders.data[0]).toMatchObject({ type: "CANCEL_CARD", amount: start + 500 });
  });
});

describe("NobePay transaction webhooks", () => {
  async function listen(statuses: number[]): Promise<{ url: string; hits: unknown[] }> {
    const hits: unknown[] = [];
    hook = createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        hits.push(JSON.parse(raw));
        res.writeHead(statuses[hits.length - 1] ?? statuses[statuses.length - 1] ?? 200).end();
      });
    });
    await new Promise<void>((r) => hook?.listen(0, "127.0.0.1", () => r()));
    return { url: `http://127.0.0.1:${(hook.address() as { port: number }).port}/webhooks/nobepay`, hits };
  }

  it("retries a non-200 answer until it gets 200", async () => {
    const { url, hits } = await listen([500, 503, 200]);
    sandbox = await startTestSandbox({ webhookUrl: url });
    await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "12.34", currency: "USD", merchant: "GITHUB" });
    await waitFor(async () => hits.length >= 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(hits.length).toBe(3);
    const first = hits[0] as { eventType: string; eventId: string; data: { preAuthAmount: number; status: string } };
    expect(first).toMatchObject({ eventType: "TRANSACTION", data: { preAuthAmount: -1234, status: "PENDING" } });
    expect((hits[2] as { eventId: string }).eventId).toBe(first.eventId);
    const log = (await getJson(await admin(sandbox.url, "/webhooks"))) as { deliveries: { delivered: boolean; attempts: unknown[] }[] };
    expect(log.deliveries[0]).toMatchObject({ delivered: true });
    expect(log.deliveries[0]?.attempts).toHaveLength(3);
  });

  it("gives up after 5 retries (6 attempts)", async () => {
    const { url, hits } = await listen([500]);
    sandbox = await startTestSandbox({ webhookRetryDelayMs: 5 });
    await admin(sandbox.url, "/webhook-target", { url });
    await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId: CARD, amount: "1.00", merchant: "GITHUB" });
    await waitFor(async () => {
      const log = (await getJson(await admin(sandbox.url, "/webhooks"))) as { deliveries: { gaveUp: boolean }[] };
      return log.deliveries[0]?.gaveUp;
    });
    expect(hits.length).toBe(6);
  });
});
