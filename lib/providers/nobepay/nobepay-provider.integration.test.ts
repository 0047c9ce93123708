import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseMoney, stringifyWithMoney } from "@/lib/money";
import type { ProviderError } from "@/lib/providers/errors";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { eventually, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { isRecordAbsent } from "@/lib/providers/record-absent";
import { TokenCache } from "@/lib/providers/token-cache";

const usd = (v: string) => parseMoney(v, "USD");
const CARD = "c_8f3a1c0e5b7d4a2f0001";
const holder = { firstName: "Ada", lastName: "Lovelace", address: { street: "1 Main St", city: "Vienna", state: "GA", country: "US", zipCode: "31092" } };

describe("NobePay against the sandbox", () => {
  let h: SandboxHarness;
  let p: CardProvider;
  beforeAll(async () => {
    h = await startHarness("nobepay");
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    h.requests.length = 0;
    p = h.provider();
  });

  it("reads segments, cards, secrets, transactions, history and balances", async () => {
    expect((await p.ping()).ok).toBe(true);
    const products = await p.listProducts();
    expect(products[0]).toMatchObject({ productId: "v_5bc814", bin: "556735", minInitialDeposit: usd("10") });
    const balances = await p.fundingBalances();
    // Every segment, also the one whose accountBalance is null ("注意accountBalance可能为null").
    expect(balances.map((b) => b.accountId)).toEqual(["v_5bc814", "v_7a21c9", "v_93de10"]);
    expect(balances[2]?.available).toBeNull();

    const page = await p.listCards({ pageSize: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBe("2");
    const card = await p.getCard(CARD);
    expect(card).toMatchObject({ providerCardId: CARD, status: "active", customerRef: "emp_1001", holderName: "Milton Schmitt", model: "prepaid" });
    const truth = (await h.secrets()).find((s) => s.cardId === CARD)!;
    expect(await p.getCardSecrets(CARD)).toMatchObject({ number: truth.cardNumber, cvv: truth.cvv });
    expect(card.maskedNumber).toBe(`${truth.cardNumber.slice(0, 6)}******${truth.cardNumber.slice(-4)}`);
    expect(stringifyWithMoney([page, card])).not.toContain(truth.cardNumber);

    const txs = await p.listTransactions({ cardId: CARD, pageSize: 5 });
    expect(txs.items.every((t) => t.providerCardId === CARD && t.amount.currency === "USD")).toBe(true);
    expect(stringifyWithMoney(txs)).not.toContain(truth.cardNumber);
    const logs = await p.accountLogs({ cardId: CARD });
    expect(logs.items.some((l) => l.type === "CREATE_CARD" && l.amount.amount > 0n)).toBe(true);
    await expect(p.listTransactions({})).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("creates a card asynchronously (pending → active) and finds it by its order tag; customerId is the owner", async () => {
    const order = await p.issueCard({ customerOrderNo: "local-order-77", ownerRef: "user-42", productId: "v_5bc814", model: "prepaid", currency: "USD", initialAmount: usd("25"), holder });
    expect(order).toMatchObject({ type: "issue", status: "pending", customerOrderNo: "local-order-77", amount: usd("25") });
    const cardId = order.cardIds[0]!;
    const done = await eventually(async () => {
      const o = await p.getOrder({ type: "issue", cardId });
      return o.status === "pending" ? undefined : o;
    });
    expect(done.status).toBe("completed");
    expect(await p.getOrder({ type: "issue", customerOrderNo: "local-order-77" })).toMatchObject({ providerOrderId: cardId, status: "completed" });
    const card = await p.getCard(cardId);
    expect(card).toMatchObject({ status: "active", balance: usd("25"), customerRef: "user-42", issueOrderRef: "local-order-77", tags: [], holderName: "Ada Lovelace" });
  });

  it("deposits and withdraws in cents, cancels asynchronously, and has no freeze", async () => {
    const start = (await p.getCard(CARD)).balance!.amount;
    expect((await p.topUp({ customerOrderNo: "t1", cardId: CARD, amount: usd("12.34") })).status).toBe("completed");
    expect((await p.getCard(CARD)).balance!.amount).toBe(start + 1234n);
    expect((await p.withdraw({ customerOrderNo: "w1", cardId: CARD, amount: usd("2.34") })).status).toBe("completed");
    expect((await p.getCard(CARD)).balance!.amount).toBe(start + 1000n);
    await expect(p.freeze({ customerOrderNo: "f", cardId: CARD })).rejects.toMatchObject({ code: "unsupported" });
    const cancel = await p.cancel({ customerOrderNo: "c1", cardId: CARD });
    expect(cancel.status).toBe("pending");
    const done = await eventually(async () => {
      const o = await p.getOrder({ type: "cancel", cardId: CARD });
      return o.status === "pending" ? undefined : o;
    });
    expect(done.status).toBe("completed");
  });

  it("retries reads through 503/429/hang with a fresh nonce each time", async () => {
    await h.faults({ failNext: 2, failStatus: 503 });
    expect((await p.listCards()).items.length).toBeGreaterThan(0);
    await h.faults({ failNext: 1, failStatus: 429, retryAfterSeconds: 0 });
    await p.getCard(CARD);
    await h.faults({ failNext: 1, failMode: "hang" });
    await p.getCard(CARD);
  });

  it("never repeats a deposit after a 503 or timeout (not idempotent), so money moves at most once", async () => {
    const start = (await p.getCard(CARD)).balance!.amount;
    await h.faults({ failNext: 1, failStatus: 503 });
    const error = (await p.topUp({ customerOrderNo: "t2", cardId: CARD, amount: usd("1") }).catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe("unavailable");
    expect(h.requests.filter((r) => r.endsWith("/card/deposit"))).toHaveLength(1);
    await h.faults({ failNext: 1, failMode: "hang" });
    await expect(p.topUp({ customerOrderNo: "t3", cardId: CARD, amount: usd("1") })).rejects.toMatchObject({ code: "unavailable" });
    expect(h.requests.filter((r) => r.endsWith("/card/deposit"))).toHaveLength(2);
    expect((await p.getCard(CARD)).balance!.amount).toBe(start);
  });

  it("an expired/unknown token (sandbox reset) is refreshed once and the call repeated", async () => {
    await p.ping();
    await h.admin("POST", "/reset");
    await p.ping();
    expect(h.requests.filter((r) => r.endsWith("/token/get"))).toHaveLength(2);
    expect(h.requests.filter((r) => r.endsWith("/enum/us/states"))).toHaveLength(3);
  });

  it("malformed answers and wrong credentials give clear errors", async () => {
    await h.faults({ failNext: 1, failMode: "malformed" });
    await expect(p.listProducts()).rejects.toMatchObject({ code: "unknown", message: expect.stringMatching(/could not be read/) });
    const wrong = h.provider({}, { appKey: "sandbox-key", appSecret: "bad" });
    const error = (await wrong.ping().catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe("auth");
    expect(String(error.message)).not.toContain("bad");
  });
});

describe("NobePay token expiry", () => {
  it("reuses one token, then fetches a new one after its (short) expiry", async () => {
    const h = await startHarness("nobepay", { nobepayTokenTtlSeconds: 1 });
    try {
      const p = h.provider();
      await Promise.all([p.ping(), p.ping(), p.ping()]);
      expect(h.requests.filter((r) => r.endsWith("/token/get"))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 600));
      await p.ping();
      expect(h.requests.filter((r) => r.endsWith("/token/get"))).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});

describe("NobePay finding a card creation whose answer was lost", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await startHarness("nobepay");
  });
  afterAll(() => h.close());

  /** A provider whose card-list requests are recorded with their query, and answered by `cardList` when given. */
  function providerSeeing(cardList?: () => Response) {
    const lists: URLSearchParams[] = [];
    const fetch: FetchLike = async (input, init) => {
      const url = new URL(input);
      if (!url.pathname.endsWith("/card/list")) return globalThis.fetch(input, init);
      lists.push(url.searchParams);
      return cardList ? cardList() : globalThis.fetch(input, init);
    };
    return { lists, provider: createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } }) };
  }

  it("asks the card list filtered by the order's tag (nobepay.md card/list: \"| tagName | 否 | string | 卡标签 |\")", async () => {
    const { lists, provider } = providerSeeing();
    await provider.issueCard({ customerOrderNo: "lost-create-1", productId: "v_5bc814", model: "prepaid", currency: "USD", initialAmount: usd("25"), holder });
    expect(await provider.getOrder({ type: "issue", customerOrderNo: "lost-create-1" })).toMatchObject({ type: "issue", customerOrderNo: "lost-create-1" });
    expect(lists.map((query) => query.get("tagName"))).toEqual(["cardhub-order-lost-create-1"]);
  });

  it("says the card was never created only when the filtered list ends without it", async () => {
    const { lists, provider } = providerSeeing();
    const error = await provider.getOrder({ type: "issue", customerOrderNo: "never-sent-1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "not_found" });
    expect(isRecordAbsent(error)).toBe(true);
    expect(lists.map((query) => query.get("tagName"))).toEqual(["cardhub-order-never-sent-1"]);
  });

  it("gives no answer, rather than 'not found', when the list does not end within the pages it reads", async () => {
    const doc = JSON.parse(readFileSync(new URL("./fixtures/card-list.json", import.meta.url), "utf8")).body;
    const endless = () => Response.json({ ...doc, data: { data: Array.from({ length: 100 }, () => doc.data.data[0]), pageSize: 100, total: 1_000_000, pageNo: 1 } });
    const { lists, provider } = providerSeeing(endless);
    const error = await provider.getOrder({ type: "issue", customerOrderNo: "somewhere-1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unknown" });
    expect(isRecordAbsent(error)).toBe(false);
    expect(lists).toHaveLength(20);
  });
});
