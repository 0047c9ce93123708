import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseMoney, stringifyWithMoney } from "@/lib/money";
import type { ProviderError } from "@/lib/providers/errors";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { eventually, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";

const usd = (v: string) => parseMoney(v, "USD");
const CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";

describe("Card OPEN-API against the sandbox", () => {
  let h: SandboxHarness;
  let p: CardProvider;
  beforeAll(async () => {
    h = await startHarness("cardopenapi");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    h.requests.length = 0;
    p = h.provider();
  });

  it("lists cards with float amounts as exact cents and without card_no/cvv/pin", async () => {
    expect((await p.ping()).ok).toBe(true);
    const page = await p.listCards({ pageSize: 50 });
    const card = page.items.find((c) => c.providerCardId === CARD)!;
    expect(card).toMatchObject({ status: "active", productId: "cpi_6530de6a2f1d9", totalFunded: usd("440.5"), currency: "USD", activatedAt: new Date("2025-03-04T02:53:47Z"), createdAt: null });
    const secrets = await h.secrets();
    const json = stringifyWithMoney(page);
    for (const s of secrets.filter((x) => x.provider === "cardopenapi")) {
      expect(json).not.toContain(s.cardNumber);
      expect(json).not.toContain(`"${s.cvv}"`);
    }
    expect(json).not.toMatch(/card_no|"cvv"|"pin"/);
    const truth = secrets.find((s) => s.cardId === CARD)!;
    expect(await p.getCardSecrets(CARD)).toMatchObject({ number: truth.cardNumber, cvv: truth.cvv });
    expect((await p.getCard(CARD)).maskedNumber).toBe(`${truth.cardNumber.slice(0, 6)}******${truth.cardNumber.slice(-4)}`);
  });

  it("reads BINs, wallet, transactions with a date filter", async () => {
    expect((await p.listProducts()).map((b) => b.productId)).toContain("cpi_6530de6a2f1c7");
    const [wallet] = await p.fundingBalances();
    expect(wallet).toMatchObject({ currency: "USD" });
    const all = await p.listTransactions({ pageSize: 100 });
    expect(all.items.length).toBeGreaterThan(0);
    expect(all.items.every((t) => (t.kind === "refund" ? t.amount.amount > 0n : t.amount.amount < 0n))).toBe(true);
    const none = await p.listTransactions({ from: "2000-01-01", to: "2000-01-02" });
    expect(none.items).toEqual([]);
    await expect(p.listTransactions({ from: "2025-02-30" })).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("opens a card through an order, recharges it, freezes, unfreezes and cancels it", async () => {
    const order = await p.issueCard({ customerOrderNo: "co-1", productId: "cpi_6530de6a2f1c7", model: "prepaid", currency: "USD", initialAmount: usd("200.5"), alias: "IT" });
    expect(order).toMatchObject({ type: "issue", status: "pending", amount: usd("200.5"), customerOrderNo: "co-1" });
    const done = await eventually(async () => {
      const o = await p.getOrder({ type: "issue", customerOrderNo: "co-1" });
      return o.status === "pending" ? undefined : o;
    });
    const cardId = done.cardIds[0]!;
    expect(done.status).toBe("completed");
    expect((await p.getCard(cardId)).balance).toEqual(usd("200.5"));

    const topUp = await p.topUp({ customerOrderNo: "co-2", cardId, amount: usd("0.99") });
    await eventually(async () => ((await p.getOrder({ type: "topup", providerOrderId: topUp.providerOrderId! })).status === "completed" ? true : undefined));
    expect((await p.getCard(cardId)).balance).toEqual(usd("201.49"));

    expect((await p.freeze({ customerOrderNo: "co-3", cardId })).status).toBe("completed");
    expect((await p.getCard(cardId)).status).toBe("frozen");
    expect((await p.unfreeze({ customerOrderNo: "co-4", cardId })).status).toBe("completed");
    expect((await p.cancel({ customerOrderNo: "co-5", cardId })).status).toBe("pending");
    const cancelled = await eventually(async () => {
      const o = await p.getOrder({ type: "cancel", cardId });
      return o.status === "pending" ? undefined : o;
    });
    expect(cancelled.status).toBe("completed");
    await expect(p.withdraw({ customerOrderNo: "x", cardId, amount: usd("1") })).rejects.toMatchObject({ code: "unsupported" });
  });

  it("retries reads under 5xx/429/hang, never repeats a recharge, and reports malformed bodies", async () => {
    await h.faults({ failNext: 2, failStatus: 500 });
    await p.getCard(CARD);
    await h.faults({ failNext: 1, failStatus: 429, retryAfterSeconds: 0 });
    await p.getCard(CARD);
    await h.faults({ failNext: 1, failMode: "hang" });
    await p.getCard(CARD);
    const before = (await p.getCard(CARD)).balance!;
    await h.faults({ failNext: 1, failStatus: 502 });
    await expect(p.topUp({ customerOrderNo: "co-9", cardId: CARD, amount: usd("5") })).rejects.toMatchObject({ code: "unavailable" });
    expect(h.requests.filter((r) => r.endsWith("/order/cardRecharge"))).toHaveLength(1);
    expect((await p.getCard(CARD)).balance).toEqual(before);
    await h.faults({ failNext: 1, failMode: "malformed" });
    const error = (await p.listCards().catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe("unknown");
  });

  it("a wrong key is an auth error that never repeats the key", async () => {
    const wrong = h.provider({}, { customerId: 10000011, appId: 100001, key: "wrong-key-value" });
    const error = (await wrong.ping().catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe("auth");
    expect(JSON.stringify(error) + error.message).not.toContain("wrong-key-value");
  });

  it("activates a status-1 card through 卡激活; activation time comes from use_at", async () => {
    // cardopenapi.md: "status int ... 1:未激活 2:已激活", "use_at datetime 是 激活时间"; contents: "卡激活 POST".
    const inactive = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";
    expect(await p.getCard(inactive)).toMatchObject({ status: "inactive", providerStatus: "1", activatedAt: null, createdAt: null });
    const order = await p.activate({ customerOrderNo: "act-1", cardId: inactive });
    expect(order).toMatchObject({ type: "activate", status: "completed", providerStatus: "2", cardIds: [inactive] });
    const card = await p.getCard(inactive);
    expect(card.status).toBe("active");
    expect(card.activatedAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await p.getOrder({ type: "activate", cardId: inactive, customerOrderNo: "act-1" })).toMatchObject({ status: "completed" });
    await expect(p.activate({ customerOrderNo: "act-2", cardId: inactive })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(p.updateHolderAddress({ cardId: inactive, address: { street: "a", city: "b", state: "GA", zipCode: "1" } })).rejects.toMatchObject({ code: "unsupported" });
  });
});

// cardopenapi.md names no currency for an amount ("card_list.balance float 是 余额,单位:元"): the adapter takes it from the
// card's BIN. Every sandbox BIN is USD, so this provider hears cpi_6530de6a2f1c7 as a JPY BIN: a card or order read in
// USD instead would keep ¥75 as 7500 minor units (¥7,500).
const JPY_BIN = "cpi_6530de6a2f1c7";
// Frozen, so the sandbox's seeded history leaves its balance whole: 75.00.
const JPY_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000003";
const jpy = (amount: bigint) => ({ amount, currency: "JPY" });

describe("Card OPEN-API amounts in the currency of the card's BIN", () => {
  let h: SandboxHarness;
  let p: CardProvider;
  let binListReads = 0;
  let failNextBinList = false;

  const fetch: FetchLike = async (input, init) => {
    if (!new URL(input).pathname.endsWith(EP.binList.path)) return globalThis.fetch(input, init);
    binListReads += 1;
    if (failNextBinList) {
      failNextBinList = false;
      await h.faults({ failNext: 1, failStatus: 503 });
    }
    const res = await globalThis.fetch(input, init);
    if (res.status !== 200) return res;
    const body = (await res.json()) as { data: { bin_list: { bin_id: string; currency: string }[] } };
    for (const bin of body.data.bin_list) if (bin.bin_id === JPY_BIN) bin.currency = "JPY";
    return Response.json(body);
  };

  beforeAll(async () => {
    h = await startHarness("cardopenapi");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    binListReads = 0;
    failNextBinList = false;
    // One attempt per call: the one injected 503 is a BIN-list read that failed (as after its retries ran out).
    p = createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger, maxAttempts: 1 } });
  });

  it("a failed BIN-list read fails the call that needed it and is asked again, never read as USD", async () => {
    failNextBinList = true;
    await expect(p.getCard(JPY_CARD)).rejects.toMatchObject({ code: "unavailable" });
    expect(binListReads).toBe(1);

    expect(await p.getCard(JPY_CARD)).toMatchObject({ currency: "JPY", balance: jpy(75n) });
    expect(binListReads).toBe(2);
    // A list that was read is kept.
    expect(await p.getCard(JPY_CARD)).toMatchObject({ currency: "JPY", balance: jpy(75n) });
    expect(binListReads).toBe(2);
  });

  it("an order's amount and fee are in the currency of the order's bin_id", async () => {
    const issued = await p.issueCard({ customerOrderNo: "jpy-1", productId: JPY_BIN, model: "prepaid", currency: "JPY", initialAmount: jpy(5000n) });
    // The sandbox's fee: open fee 1 plus 1.5 % of 5000.
    expect(await p.getOrder({ type: "issue", providerOrderId: issued.providerOrderId! })).toMatchObject({ amount: jpy(5000n), fee: jpy(76n), total: jpy(5076n) });
    const topUp = await p.topUp({ customerOrderNo: "jpy-2", cardId: JPY_CARD, amount: jpy(1000n) });
    expect(await p.getOrder({ type: "topup", customerOrderNo: "jpy-2" })).toMatchObject({ providerOrderId: topUp.providerOrderId, amount: jpy(1000n), fee: jpy(15n) });
  });
});

// cardopenapi.md's card list example asks `"page_no": 1, "page_size": 10` and is answered `"page_no": 10, "page_size": 1`,
// although its table says "page_no int 是 当前页码" and "page_size int 是 当前每页记录数". This provider answers the same way.
describe("Card OPEN-API paging when the answer swaps page_no and page_size, as the document's example does", () => {
  let h: SandboxHarness;
  const pagesAsked: number[] = [];

  const fetch: FetchLike = async (input, init) => {
    const path = new URL(input).pathname;
    const res = await globalThis.fetch(input, init);
    if (!path.endsWith(EP.cardList.path) && !path.endsWith(EP.cardTradeList.path)) return res;
    const body = (await res.json()) as { data: { page_no: number; page_size: number } };
    pagesAsked.push(body.data.page_no);
    [body.data.page_no, body.data.page_size] = [body.data.page_size, body.data.page_no];
    return Response.json(body);
  };

  beforeAll(async () => {
    h = await startHarness("cardopenapi");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    pagesAsked.length = 0;
  });

  it("walks every page of cards and of trades without skipping one", async () => {
    const p = createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
    const walk = async <T>(list: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null; total: number | null }>) => {
      const items: T[] = [];
      let page = await list();
      items.push(...page.items);
      while (page.nextCursor !== null && items.length < 1000) {
        page = await list(page.nextCursor);
        items.push(...page.items);
      }
      return { items, total: page.total };
    };

    const cards = await walk((cursor) => p.listCards({ cursor, pageSize: 2 }));
    expect(pagesAsked).toEqual([1, 2, 3]);
    expect(cards.total).toBe(5);
    expect(new Set(cards.items.map((c) => c.providerCardId)).size).toBe(5);

    pagesAsked.length = 0;
    const trades = await walk((cursor) => p.listTransactions({ cursor, pageSize: 3 }));
    expect(trades.total).toBeGreaterThan(6);
    expect(pagesAsked).toEqual(Array.from({ length: Math.ceil(trades.total! / 3) }, (_, i) => i + 1));
    expect(new Set(trades.items.map((t) => t.providerTransactionId)).size).toBe(trades.total);
  });
});
