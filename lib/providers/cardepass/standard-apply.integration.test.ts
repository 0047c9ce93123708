import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMoney } from "@/lib/money";
import { ProviderError } from "@/lib/providers/errors";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { eventually, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import type { Order } from "@/lib/providers/types";

const usd = (v: string) => parseMoney(v, "USD");

type Sent = { path: string; body: Record<string, unknown> | undefined };

/** The account on `version`, talking to the sandbox over HTTP, with every body it posts kept. */
function providerOn(h: SandboxHarness, version: "v1" | "v2"): { provider: CardProvider; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = (input, init) => {
    const path = new URL(input).pathname;
    if (init.method === "POST" && !path.endsWith("/connect/token")) sent.push({ path, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return globalThis.fetch(input, init);
  };
  const config = h.config({ settings: { ...h.config().settings, apiVersion: version } });
  return { provider: createProvider(config, { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } }), sent };
}

async function settled(p: CardProvider, order: Order): Promise<Order> {
  return eventually(async () => {
    const o = await p.getOrder({ type: order.type, model: "standard", customerOrderNo: order.customerOrderNo ?? undefined });
    return o.status === "pending" ? undefined : o;
  });
}

const applies = (sent: Sent[]) => sent.filter((s) => s.path.endsWith("/v1/orders/standard/apply"));

describe("Cardepass v1 Standard apply against the sandbox", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: "v1" });
  });
  afterAll(() => h.close());

  it("still carries the first load as topUpAmount, and the card is issued holding it", async () => {
    // cardepass-v1.md orders/standard/apply: "| » topUpAmount | body | string | 是 | | none |", example "topUpAmount": "3".
    const { provider, sent } = providerOn(h, "v1");
    const issued = await provider.issueCard({ customerOrderNo: "std-v1-1", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "v1 card", initialAmount: usd("3") });
    expect(applies(sent).map((s) => s.body)).toEqual([{ productCode: "0BN03HNK", cardCurrency: "USD", cardAlias: "v1 card", customerOrderNo: "std-v1-1", topUpAmount: "3" }]);
    const done = await settled(provider, issued);
    expect(done.status).toBe("completed");
    expect((await provider.getCard(done.cardIds[0]!)).balance).toEqual(usd("3"));
  });
  it("refuses a per-transaction limit, which its Standard apply does not take, before anything is sent", async () => {
    // cardepass-v1.md orders/standard/apply lists no maxAuthAmount; its card detail reads "| »» maxAuthAmount | string |
    // true | none | 仅在共享模式下可用 |".
    const { provider, sent } = providerOn(h, "v1");
    const error = await provider
      .issueCard({ customerOrderNo: "std-v1-limit", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "v1 limit", initialAmount: usd("3"), perTransactionLimit: usd("50") })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_request" });
    expect(applies(sent)).toEqual([]);
  });
});

describe("Cardepass v2 Standard apply against the sandbox", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: "v2" });
  });
  afterAll(() => h.close());

  it("sends no amount field; the card is issued empty and funded by the documented top-up", async () => {
    // cardepass-v2.md "POST 标准模式开卡申请" lists no amount field; its example body is
    //   '{ "productCode": "STD001", "cardCurrency": "USD", "maxAuthAmount": "100" }'.
    // Its 场景2 "标准模式开卡并充值" then funds the card with "POST 标准模式卡充值": '"amount": 100.00'.
    const { provider, sent } = providerOn(h, "v2");
    const issued = await provider.issueCard({ customerOrderNo: "std-v2-1", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "v2 card" });
    expect(applies(sent).map((s) => s.body)).toEqual([{ productCode: "0BN03HNK", cardCurrency: "USD", cardAlias: "v2 card", customerOrderNo: "std-v2-1" }]);
    const done = await settled(provider, issued);
    expect(done.status).toBe("completed");
    const cardId = done.cardIds[0]!;
    expect((await provider.getCard(cardId)).balance).toEqual(usd("0"));

    await settled(provider, await provider.topUp({ customerOrderNo: "std-v2-1-load", cardId, model: "standard", amount: usd("25.50") }));
    expect((await provider.getCard(cardId)).balance).toEqual(usd("25.5"));
  });

  it("sends a per-transaction limit as the examples' maxAuthAmount string, and reads it back from the card detail", async () => {
    // cardepass-v2.md 场景2: '"maxAuthAmount": "200", "cardAlias": "我的标准卡"'; card detail
    // "| maxAuthAmount | number | 单笔限额 | 单次交易最大金额 |", with no model restriction (v1's reads "仅在共享模式下可用").
    const { provider, sent } = providerOn(h, "v2");
    const issued = await provider.issueCard({ customerOrderNo: "std-v2-limit", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "我的标准卡", perTransactionLimit: usd("200") });
    expect(applies(sent).map((s) => s.body)).toEqual([{ productCode: "0BN03HNK", cardCurrency: "USD", cardAlias: "我的标准卡", customerOrderNo: "std-v2-limit", maxAuthAmount: "200" }]);
    const card = await provider.getCard((await settled(provider, issued)).cardIds[0]!);
    expect(card).toMatchObject({ model: "standard", balance: usd("0"), limits: { perTransaction: usd("200"), lifetime: null, used: null } });
  });

  it("reads no limits from a Standard card applied without one", async () => {
    const { provider } = providerOn(h, "v2");
    const done = await settled(provider, await provider.issueCard({ customerOrderNo: "std-v2-nolimit", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "no limit" }));
    expect((await provider.getCard(done.cardIds[0]!)).limits).toBeNull();
  });

  it("refuses a first load on apply in plain words, before anything is sent", async () => {
    const { provider, sent } = providerOn(h, "v2");
    const error = await provider
      .issueCard({ customerOrderNo: "std-v2-2", productId: "0BN03HNK", model: "standard", currency: "USD", alias: "v2 funded", initialAmount: usd("100") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "invalid_request", message: "This provider's v2 API issues the card empty; top it up once it is active." });
    expect(applies(sent)).toEqual([]);
  });
});
