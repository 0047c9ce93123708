import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { TokenCache } from "@/lib/providers/token-cache";
import { NobepayProvider } from "@/lib/providers/nobepay/nobepay-provider";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")).body;

type Sent = { method: string; path: string; headers: Record<string, string>; body: unknown };

function setup(answer: (path: string) => unknown = () => true) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    sent.push({ method: String(init.method), path: url.pathname, headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const data = url.pathname.endsWith("/token/get") ? { accessToken: "tok", expiresIn: 10800 } : answer(url.pathname);
    return new Response(JSON.stringify({ success: true, msg: "操作成功！", code: 200000, data, timestamp: 1 }), { status: 200 });
  };
  const provider = new NobepayProvider(
    { id: "nb-1", provider: "nobepay", baseUrl: "http://nb.test", credentials: { appKey: "k", appSecret: "s" } },
    { tokenCache: new TokenCache(), http: { fetch, now: () => 1_700_000_000_000, sleep: async () => {}, logger: silentLogger, random: () => 0 } },
  );
  return { provider, sent };
}

describe("NobePay general notes (nobepay.md 授权 · 通用说明)", () => {
  it("sends nonce and timestamp on the token call too", async () => {
    // "为保证系统安全性，API请求需要携带nonce 和 timestamp, timestamp格式为毫秒级时间戳，nonce为请求方生成的随机字符串(小于等于64位)"
    const { provider, sent } = setup(() => fixture("us-states").data);
    await provider.ping();
    const token = sent.find((s) => s.path === "/open/api/v1/token/get")!;
    expect(token.headers.nonce).toMatch(/^[A-Za-z0-9]{1,64}$/);
    expect(token.headers.timestamp).toBe("1700000000000");
    expect(token.body).toEqual({ appKey: "k", appSecret: "s" });
  });

  it("sends Content-Type: application/json on every call, GETs included, and never reuses a nonce", async () => {
    // "请求头header Content-Type 应为 application/json 格式"
    const { provider, sent } = setup(() => fixture("us-states").data);
    await provider.ping();
    await provider.ping();
    expect(sent.map((s) => s.method)).toEqual(["POST", "GET", "GET"]);
    for (const s of sent) expect(s.headers["Content-Type"]).toBe("application/json");
    expect(new Set(sent.map((s) => s.headers.nonce)).size).toBe(sent.length);
    expect(sent[1]!.headers["kc-open-api"]).toBe("tok");
  });

  it("corrects a cardholder's address with card/update, as the document's example", async () => {
    // nobepay.md 更新虚拟卡 请求示例: { "cardHolder": { "address": { "city": "Vienna", "state": "GA",
    //   "street": "1010 Pine St LOT 12-E", "zipCode": "31092" } }, "cardId": "c_xxxxxxxxxx", "cardSeqNo": "CXXXXXXXX" }
    const { provider, sent } = setup(() => fixture("update").data);
    await provider.updateHolderAddress({ cardId: "c_xxxxxxxxxx", address: { street: "1010 Pine St LOT 12-E", city: "Vienna", state: "GA", zipCode: "31092" } });
    const update = sent.find((s) => s.path === "/open/api/v1/rest/card/update")!;
    const { cardSeqNo: _optional, ...documented } = fixture("request-update");
    expect(update.body).toEqual(documented);
    expect(update.method).toBe("POST");
  });

  it("refuses an incomplete address before calling, naming what is missing, and reports an unconfirmed change", async () => {
    const { provider, sent } = setup(() => false);
    await expect(provider.updateHolderAddress({ cardId: "c1", address: { street: " ", city: "Vienna", state: "GA", zipCode: "" } })).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringContaining("street, zipCode"),
    });
    expect(sent).toEqual([]);
    await expect(provider.updateHolderAddress({ cardId: "c1", address: { street: "1 Main", city: "Vienna", state: "GA", zipCode: "31092" } })).rejects.toMatchObject({ code: "unknown" });
  });
});
