import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMoney } from "@/lib/money";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { supports } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import { CardepassProvider } from "@/lib/providers/cardepass/cardepass-provider";

const fixture = (name: string): { data: unknown } =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")).body;

type Sent = { method: string; path: string; body: unknown };

/** A provider on a fake wire: every call is recorded, the token endpoint answers, everything else answers `data`. */
function setup(apiVersion: string | undefined, answer: (path: string) => unknown) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    if (url.pathname.endsWith("/connect/token")) return new Response(JSON.stringify({ access_token: "t", expires_in: 3600 }), { status: 200 });
    sent.push({ method: String(init.method), path: url.pathname, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return new Response(JSON.stringify({ data: answer(url.pathname), responseId: "r", hasError: false, errorCode: null, errorMessage: null }), { status: 200 });
  };
  const provider = new CardepassProvider(
    {
      id: "acct-v",
      provider: "cardepass",
      baseUrl: "http://cp.test/openapi",
      credentials: { clientId: "id", clientSecret: "secret" },
      settings: apiVersion ? { apiVersion } : undefined,
    },
    { tokenCache: new TokenCache(), http: { fetch, now: () => 1_000_000, sleep: async () => {}, logger: silentLogger, random: () => 0 } },
  );
  return { provider, sent };
}

const topUpAnswer = () => ({ orderNo: "C1000-20250421-YRX3", status: "Pending", orderType: "CardTopUp", totalTopUpAmount: 50 });

describe("the account's Cardepass document version drives what is written", () => {
  it("v1 top-up sends topUpAmount as a decimal string", async () => {
    // cardepass-v1.md, orders/standard/topup body: { "cardId": "<string>", "topUpAmount": "<string>", "customerOrderNo": "<string>" }
    const { provider, sent } = setup(undefined, topUpAnswer);
    await provider.topUp({ customerOrderNo: "L-1", cardId: "68085ad8b85b8cf3d3f3087e", model: "standard", amount: parseMoney("50.00", "USD") });
    expect(sent[0]).toEqual({ method: "POST", path: "/openapi/v1/orders/standard/topup", body: { cardId: "68085ad8b85b8cf3d3f3087e", customerOrderNo: "L-1", topUpAmount: "50" } });
  });

  it("v2 top-up sends amount as a JSON number", async () => {
    // cardepass-v2.md, 标准模式卡充值: "| amount | body | number | 是 | 充值金额 | 充值数额 |", example
    //   "cardId": "68085ad8b85b8cf3d3f3087e", "amount": 50.00
    const { provider, sent } = setup("v2", topUpAnswer);
    await provider.topUp({ customerOrderNo: "TOPUP_001", cardId: "68085ad8b85b8cf3d3f3087e", model: "standard", amount: parseMoney("50.00", "USD") });
    expect(sent[0]!.body).toEqual({ cardId: "68085ad8b85b8cf3d3f3087e", customerOrderNo: "TOPUP_001", amount: 50 });
    expect(typeof (sent[0]!.body as { amount: unknown }).amount).toBe("number");
    expect(sent[0]!.body).not.toHaveProperty("topUpAmount");
  });

  it("v2 keeps cents exact in the JSON number", async () => {
    const { provider, sent } = setup("v2", topUpAnswer);
    await provider.topUp({ customerOrderNo: "L-3", cardId: "c1", model: "standard", amount: parseMoney("100.05", "USD") });
    expect(JSON.stringify(sent[0]!.body)).toContain('"amount":100.05');
  });

  it("v2 reveal says plainly that the provider returns no card details, without asking the provider", async () => {
    // cardepass-v2.md, GET /v1/cards/{cardId} example data: cardId, cardAlias, cardModel, cardCurrency, cardStatus, balance,
    // maxAuthAmount, maxCreditAmount, createdOn — no cardNumber, cvv or expirationMMYY.
    const { provider, sent } = setup("v2", () => fixture("v2-card-detail").data);
    expect(supports(provider.capabilities, "getCardSecrets")).toBe(false);
    const error = await provider.getCardSecrets("68085ad8b85b8cf3d3f3087e").catch((e: Error) => e);
    expect(error).toMatchObject({ code: "unsupported" });
    expect(String((error as Error).message)).toContain("no card number, CVV or expiry");
    expect(sent).toEqual([]);
    // The v2 detail still reads as a card.
    await expect(provider.getCard("68085ad8b85b8cf3d3f3087e")).resolves.toMatchObject({ status: "active", maskedNumber: null, balance: parseMoney("100.5", "USD") });
  });

  it("v1 reveal is offered", () => {
    const { provider } = setup("v1", () => null);
    expect(supports(provider.capabilities, "getCardSecrets")).toBe(true);
  });

  it("detects the version from the shape of GET /v1/accounts", async () => {
    // v1: "data": [ { "currency": "USD", "amount": ... }, ... ]; v2: "data": { "accountBalance": 1000.50, "availableBalance": 950.00, ... }
    await expect(setup(undefined, () => fixture("v1-accounts").data).provider.detectDocumentVersion()).resolves.toBe("v1");
    await expect(setup(undefined, () => fixture("v2-accounts").data).provider.detectDocumentVersion()).resolves.toBe("v2");
  });
});
