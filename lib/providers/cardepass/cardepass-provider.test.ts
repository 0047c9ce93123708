import { describe, expect, it } from "vitest";
import { parseMoney } from "@/lib/money";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { TokenCache } from "@/lib/providers/token-cache";
import { CardepassProvider } from "@/lib/providers/cardepass/cardepass-provider";

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

function setup(handler: Handler) {
  let clock = 1_000_000;
  const log: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    log.push(`${init.method} ${url.pathname}`);
    return handler(url, init);
  };
  const provider = new CardepassProvider(
    { id: "acct-1", provider: "cardepass", baseUrl: "http://cp.test/openapi", credentials: { clientId: "id", clientSecret: "topsecret" } },
    { tokenCache: new TokenCache(), http: { fetch, now: () => clock, sleep: async () => {}, logger: silentLogger, random: () => 0 } },
  );
  return { provider, log, tick: (ms: number) => (clock += ms) };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const ok = (data: unknown) => json(200, { data, responseId: "rid", hasError: false, errorCode: null, errorMessage: null });

function tokenServer(ttl = 3600) {
  let issued = 0;
  const valid = new Set<string>();
  return {
    get issued() {
      return issued;
    },
    revokeAll: () => valid.clear(),
    handle(url: URL, init: RequestInit): Response | null {
      if (url.pathname.endsWith("/connect/token")) {
        const form = new URLSearchParams(String(init.body));
        if (form.get("client_secret") !== "topsecret") return json(401, { error: "invalid_client" });
        const token = `t${++issued}`;
        valid.add(token);
        return json(200, { access_token: token, expires_in: ttl, token_type: "Bearer" });
      }
      const auth = (init.headers as Record<string, string>).Authorization ?? "";
      return valid.has(auth.replace("Bearer ", "")) ? null : json(401, {});
    },
  };
}

describe("Cardepass token handling", () => {
  it("shares one token fetch between concurrent calls and reuses it", async () => {
    const tokens = tokenServer();
    const { provider, log } = setup(async (url, init) => {
      const denied = tokens.handle(url, init);
      if (denied) return denied;
      await new Promise((r) => setTimeout(r, 5));
      return json(200, "Ping Success");
    });
    await Promise.all([provider.ping(), provider.ping(), provider.ping(), provider.ping()]);
    await provider.ping();
    expect(tokens.issued).toBe(1);
    expect(log.filter((l) => l.endsWith("/connect/token"))).toHaveLength(1);
  });

  it("refreshes 5 minutes before expiry", async () => {
    const tokens = tokenServer(3600);
    const { provider, tick } = setup((url, init) => tokens.handle(url, init) ?? json(200, "Ping Success"));
    await provider.ping();
    tick(3600_000 - 5 * 60_000 - 1);
    await provider.ping();
    expect(tokens.issued).toBe(1);
    tick(2);
    await provider.ping();
    expect(tokens.issued).toBe(2);
  });

  it("on 401 refreshes once and retries once", async () => {
    const tokens = tokenServer();
    const { provider } = setup((url, init) => tokens.handle(url, init) ?? ok([]));
    await provider.listProducts();
    tokens.revokeAll();
    await expect(provider.listProducts()).resolves.toEqual([]);
    expect(tokens.issued).toBe(2);
  });

  it("a 401 that persists after refresh is an auth error", async () => {
    const tokens = tokenServer();
    const { provider } = setup((url, init) => tokens.handle(url, init) ?? json(401, {}));
    await expect(provider.listProducts()).rejects.toMatchObject({ code: "auth", httpStatus: 401 });
    expect(tokens.issued).toBe(2);
  });

  it("wrong client secret is an auth error that does not echo the secret", async () => {
    const { provider } = setup(() => json(401, { error: "invalid_client" }));
    const error = await provider.ping().catch((e: Error) => e);
    expect(error).toMatchObject({ code: "auth", providerCode: "invalid_client" });
    expect(JSON.stringify(error) + String(error)).not.toContain("topsecret");
  });
});

describe("Cardepass orders", () => {
  it("sends amounts as decimal strings with the caller's customerOrderNo", async () => {
    const tokens = tokenServer();
    let body: Record<string, unknown> = {};
    const { provider } = setup((url, init) => {
      const denied = tokens.handle(url, init);
      if (denied) return denied;
      body = JSON.parse(String(init.body));
      return ok({ orderNo: "O1", status: "Pending", orderType: "CardTopUp", customerOrderNo: body.customerOrderNo, totalTopUpAmount: 10.5 });
    });
    const order = await provider.topUp({ customerOrderNo: "L-1", cardId: "c1", model: "standard", amount: parseMoney("10.50", "USD") });
    expect(body).toEqual({ cardId: "c1", customerOrderNo: "L-1", topUpAmount: "10.5" });
    expect(order).toMatchObject({ type: "topup", status: "pending", customerOrderNo: "L-1", amount: parseMoney("10.5", "USD") });
  });

  it("DUPLICATE_ORDER on a retried key resolves to the original order", async () => {
    const tokens = tokenServer();
    const { provider, log } = setup((url, init) => {
      const denied = tokens.handle(url, init);
      if (denied) return denied;
      if (init.method === "POST") return json(200, { data: null, hasError: true, errorCode: "DUPLICATE_ORDER", errorMessage: "重复订单", responseId: "r9" });
      expect(url.searchParams.get("CustomerOrderNo")).toBe("L-2");
      expect(url.searchParams.get("OrderType")).toBe("CardBlock");
      return ok({ orderNo: "O2", status: "Completed", orderType: "CardBlock", customerOrderNo: "L-2" });
    });
    const order = await provider.freeze({ customerOrderNo: "L-2", cardId: "c1", model: "sharebalance" });
    expect(order).toMatchObject({ providerOrderId: "O2", status: "completed", type: "freeze" });
    expect(log).toEqual(["POST /openapi/connect/token", "POST /openapi/v1/orders/sharebalance/block", "GET /openapi/v1/orders/sharebalance"]);
  });

  it("refuses operations the card model lacks, before calling the provider", async () => {
    const { provider, log } = setup(() => json(500, {}));
    await expect(provider.topUp({ customerOrderNo: "x", cardId: "c", model: "sharebalance", amount: parseMoney("1", "USD") })).rejects.toMatchObject({ code: "unsupported" });
    await expect(provider.setLimits({ customerOrderNo: "x", cardId: "c", model: "standard", perTransaction: parseMoney("1", "USD"), lifetime: null })).rejects.toMatchObject({ code: "unsupported" });
    await expect(provider.listCards()).rejects.toMatchObject({ code: "unsupported" });
    expect(log).toEqual([]);
  });
});
