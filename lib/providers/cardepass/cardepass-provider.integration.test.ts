import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseMoney, stringifyWithMoney } from "@/lib/money";
import { ProviderError } from "@/lib/providers/errors";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { eventually, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import type { Order } from "@/lib/providers/types";

const usd = (v: string) => parseMoney(v, "USD");
const SHARE = "66a0c0de0000000000000001";
const STANDARD = "66a0c0de0000000000000003";

async function settle(p: CardProvider, order: Order, model: "sharebalance" | "standard"): Promise<Order> {
  return eventually(async () => {
    const o = await p.getOrder({ type: order.type, model, customerOrderNo: order.customerOrderNo ?? undefined });
    return o.status === "pending" ? undefined : o;
  });
}

describe.each(["v1", "v2"] as const)("Cardepass %s against the sandbox", (version) => {
  let h: SandboxHarness;
  let p: CardProvider;
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: version });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.admin("POST", "/reset");
    h.requests.length = 0;
    // The account's document version is its setting, as connect-account records it.
    p = h.provider({ settings: { ...h.config().settings, apiVersion: version } });
  });

  it("reads ping, products, cards, balances, transactions and account logs", async () => {
    expect((await p.ping()).ok).toBe(true);
    expect((await p.listProducts()).map((x) => x.productId)).toEqual(["DGG0C4JD", "0BN03HNK", "A5GGCYNQ"]);
    const share = await p.getCard(SHARE);
    expect(share).toMatchObject({ model: "sharebalance", status: "active", currency: "USD", limits: { perTransaction: usd("500"), lifetime: usd("5000") } });
    const standard = await p.getCard(STANDARD);
    expect(standard).toMatchObject({ model: "standard", limits: null, alias: "Travel - Sales" });
    expect(standard.balance?.amount).toBeGreaterThan(0n);
    expect((await p.getCard("66a0c0de0000000000000004")).status).toBe("frozen");
    expect((await p.getCard("66a0c0de0000000000000005")).status).toBe("cancelled");

    const truth = (await h.secrets()).find((s) => s.cardId === STANDARD);
    if (version === "v1") {
      const secrets = await p.getCardSecrets(STANDARD);
      expect(secrets.number).toBe(truth?.cardNumber);
      expect(standard.maskedNumber).toBe(`${truth!.cardNumber.slice(0, 6)}******${truth!.cardNumber.slice(-4)}`);
    } else {
      // cardepass-v2.md's card detail has no cardNumber, cvv or expirationMMYY: reveal is refused, plainly.
      await expect(p.getCardSecrets(STANDARD)).rejects.toMatchObject({ code: "unsupported" });
      expect(standard.maskedNumber).toBeNull();
    }
    expect(stringifyWithMoney([share, standard])).not.toContain(truth!.cardNumber);

    const balances = await p.fundingBalances();
    expect(balances[0]).toMatchObject({ currency: "USD" });
    const first = await p.listTransactions({ pageSize: 3 });
    expect(first.items.length).toBeGreaterThan(0);
    if (version === "v2") {
      // cardepass-v2.md: "| transactionTime | string | 交易时间 | 交易发生时间戳 |": when it happened, never a settlement time.
      const settled = (await p.listTransactions({ pageSize: 100 })).items.filter((t) => t.status === "completed");
      expect(settled.length).toBeGreaterThan(0);
      expect(settled.map((t) => t.settledAt)).toEqual(settled.map(() => null));
      expect(settled.every((t) => t.occurredAt !== null)).toBe(true);
    }
    if (first.nextCursor) {
      const second = await p.listTransactions({ pageSize: 3, cursor: first.nextCursor });
      const ids = new Set(first.items.map((t) => t.providerTransactionId));
      expect(second.items.some((t) => ids.has(t.providerTransactionId))).toBe(false);
    }
    const logs = await p.accountLogs({ pageSize: 5 });
    expect(logs.items.every((l) => l.amount.currency === "USD")).toBe(true);
  });

  it("issues a ShareBalance card and walks it through limits, freeze, unfreeze, cancel", async () => {
    const issued = await p.issueCard({ customerOrderNo: `it-${version}-sb-1`, productId: "DGG0C4JD", model: "sharebalance", currency: "USD", perTransactionLimit: usd("25.50"), lifetimeLimit: null, alias: "IT" });
    expect(issued).toMatchObject({ type: "issue", status: "pending", customerOrderNo: `it-${version}-sb-1` });
    const done = await settle(p, issued, "sharebalance");
    expect(done.status).toBe("completed");
    const cardId = done.cardIds[0]!;
    expect((await p.getCard(cardId)).limits).toMatchObject({ perTransaction: usd("25.5"), lifetime: null });

    await settle(p, await p.setLimits({ customerOrderNo: `it-${version}-lim`, cardId, model: "sharebalance", perTransaction: usd("40"), lifetime: usd("100") }), "sharebalance");
    expect((await p.getCard(cardId)).limits).toMatchObject({ perTransaction: usd("40"), lifetime: usd("100") });
    await settle(p, await p.freeze({ customerOrderNo: `it-${version}-frz`, cardId }), "sharebalance");
    expect((await p.getCard(cardId)).status).toBe("frozen");
    await settle(p, await p.unfreeze({ customerOrderNo: `it-${version}-unf`, cardId }), "sharebalance");
    expect((await p.getCard(cardId)).status).toBe("active");
    await settle(p, await p.cancel({ customerOrderNo: `it-${version}-cnl`, cardId }), "sharebalance");
    expect((await p.getCard(cardId)).status).toBe("cancelled");
  });

  it("tops up and withdraws a Standard card; a too-large order is insufficient_funds", async () => {
    const start = (await p.getCard(STANDARD)).balance!.amount;
    await settle(p, await p.topUp({ customerOrderNo: `it-${version}-tu`, cardId: STANDARD, amount: usd("10.25") }), "standard");
    expect((await p.getCard(STANDARD)).balance!.amount).toBe(start + 1025n);
    await settle(p, await p.withdraw({ customerOrderNo: `it-${version}-wd`, cardId: STANDARD, model: "standard", amount: usd("0.25") }), "standard");
    expect((await p.getCard(STANDARD)).balance!.amount).toBeLessThanOrEqual(start + 1000n);
    // A v2 apply takes no first load (cardepass-v2.md 标准模式开卡申请): there the too-large order is a top-up.
    const big =
      version === "v1"
        ? p.issueCard({ customerOrderNo: `it-${version}-big`, productId: "0BN03HNK", model: "standard", currency: "USD", initialAmount: usd("99999999") })
        : p.topUp({ customerOrderNo: `it-${version}-big`, cardId: STANDARD, model: "standard", amount: usd("99999999") });
    const error = await big.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("insufficient_funds");
    expect((error as ProviderError).responseId).toBeTruthy();
  });

  it("retries 503s and 429s with the same customerOrderNo and creates exactly one order", async () => {
    const before = (await p.fundingBalances())[0]!.available!.amount;
    await h.faults({ failNext: 2, failStatus: 503 });
    const order = await p.topUp({ customerOrderNo: `it-${version}-retry`, cardId: STANDARD, model: "standard", amount: usd("5") });
    expect(h.requests.filter((r) => r.endsWith("/v1/orders/standard/topup"))).toHaveLength(3);
    await h.faults({ failNext: 1, failStatus: 429, retryAfterSeconds: 0 });
    const again = await p.topUp({ customerOrderNo: `it-${version}-retry`, cardId: STANDARD, model: "standard", amount: usd("5") });
    expect(again.providerOrderId).toBe(order.providerOrderId);
    await settle(p, order, "standard");
    const after = (await p.fundingBalances())[0]!.available!.amount;
    const fee = (order.fee?.amount ?? 0n) + 500n;
    expect(before - after).toBe(fee);
  });

  it("a hung call times out and is retried; a malformed body is a clear error", async () => {
    await h.faults({ failNext: 1, failMode: "hang" });
    expect((await p.ping()).ok).toBe(true);
    await h.faults({ failNext: 1, failMode: "malformed" });
    const error = (await p.listProducts().catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe("unknown");
    expect(error.message).toMatch(/could not be read/);
    await h.clearFaults();
    await h.faults({ failNext: 10, failStatus: 502 });
    const down = (await p.listProducts().catch((e: unknown) => e)) as ProviderError;
    expect(down).toMatchObject({ code: "unavailable", retryable: true, httpStatus: 502 });
  });

  it("refreshes after a 401 (token revoked by a reset) and fetches a new token after expiry", async () => {
    await p.ping();
    await h.admin("POST", "/reset");
    await p.ping();
    expect(h.requests.filter((r) => r.endsWith("/connect/token"))).toHaveLength(2);
    const wrong = h.provider({}, { clientId: "sandbox-client", clientSecret: "nope" });
    await expect(wrong.ping()).rejects.toMatchObject({ code: "auth" });
  });
});

describe("Cardepass token expiry", () => {
  it("fetches a new token once the short-lived one is near expiry", async () => {
    const h = await startHarness("cardepass", { tokenTtlSeconds: 1 });
    try {
      const p = h.provider();
      await Promise.all([p.ping(), p.ping(), p.ping()]);
      expect(h.requests.filter((r) => r.endsWith("/connect/token"))).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 600));
      await p.ping();
      expect(h.requests.filter((r) => r.endsWith("/connect/token"))).toHaveLength(2);
      expect(h.requests.filter((r) => r.endsWith("/v1/ping"))).toHaveLength(4);
    } finally {
      await h.close();
    }
  });
});

// cardepass-v1.md, orders/standard/cancel: "»» settleStatus | true | none | 结算状态 | 包括：Pending 处理中 ，WaitTransfer 等待划拨，Completed 已完成".
describe("Cardepass v1 Standard cancel against the sandbox", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    // Slow enough that the WaitTransfer step (card cancelled, balance not yet moved) can be observed.
    h = await startHarness("cardepass", { cardepassVersion: "v1", orderDelayMs: 400 });
  });
  afterAll(() => h.close());

  it("stays pending while the refund waits for transfer, and is completed once the balance has reached the funding account", async () => {
    const p = h.provider({ settings: { ...h.config().settings, apiVersion: "v1" } });
    const available = async () => (await p.fundingBalances()).find((b) => b.currency === "USD")!.available!.amount;
    const balance = (await p.getCard(STANDARD)).balance!.amount;
    const before = await available();
    const order = await p.cancel({ customerOrderNo: "it-v1-std-cnl", cardId: STANDARD, model: "standard" });
    await eventually(async () => ((await p.getCard(STANDARD)).status === "cancelled" ? true : undefined));
    expect(await p.getOrder({ type: "cancel", model: "standard", customerOrderNo: "it-v1-std-cnl" })).toMatchObject({ status: "pending", providerStatus: "Completed", completedAt: null });
    expect(await available()).toBe(before);

    const done = await settle(p, order, "standard");
    expect(done.status).toBe("completed");
    // The sandbox's CancelCardFee is 0.10; the rest of the card's balance is refunded.
    expect(await available()).toBe(before + balance - 10n);
  });
});

// cardepass-v1.md, transactions: "»» pageCursor | string | none | | none", "»» pageSize | string | none | | none"; nothing
// says a page shorter than PageSize is the last (and cardepass-v2.md advises "建议PageSize不超过100"). This provider
// answers at most 3 items whatever PageSize asks for.
describe("Cardepass v1 transaction pages shorter than asked", () => {
  let h: SandboxHarness;
  const fetch: FetchLike = (input, init) => {
    const url = new URL(input);
    if (url.pathname.endsWith("/v1/transactions") && url.searchParams.has("PageSize")) url.searchParams.set("PageSize", "3");
    return globalThis.fetch(url.toString(), init);
  };
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: "v1" });
  });
  afterAll(() => h.close());

  it("follows the pageCursor after a short page and reads the whole list", async () => {
    const full = h.provider({ settings: { ...h.config().settings, apiVersion: "v1" } });
    const capped = createProvider(h.config({ settings: { ...h.config().settings, apiVersion: "v1" } }), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
    const all = await full.listTransactions({ pageSize: 100 });
    expect(all.nextCursor).toBeNull();
    expect(all.items.length).toBeGreaterThan(3);

    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await capped.listTransactions({ pageSize: 10, cursor });
      ids.push(...page.items.map((t) => t.providerTransactionId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && ids.length < 1000);
    expect(ids).toEqual(all.items.map((t) => t.providerTransactionId));
  });
});
