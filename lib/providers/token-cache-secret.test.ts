/**
 * Review cardepass43 F2: a token is cached per account, address, client id and secret. An old token stays valid until it
 * expires (cardepass-v1.md:68), so an adapter built with a new secret (a saved edit, read by the web process and the
 * worker) must fetch its own token at once instead of reusing the old secret's for up to an hour.
 */
import { describe, expect, it } from "vitest";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { secretFingerprint, TokenCache } from "@/lib/providers/token-cache";
import { CardepassApi } from "@/lib/providers/cardepass/cardepass-api";
import { NobepayApi } from "@/lib/providers/nobepay/nobepay-api";
import type { ProviderAccountConfig } from "@/lib/providers/types";

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

/** A token endpoint that issues a token naming the secret it was fetched with, and records each secret it saw. */
function tokenEndpoint(secretOf: (init: RequestInit) => string, answer: (token: string) => unknown) {
  const secretsSeen: string[] = [];
  const fetch: FetchLike = async (_input, init) => {
    const secret = secretOf(init);
    secretsSeen.push(secret);
    return json(answer(`token-of-${secret}-${secretsSeen.length}`));
  };
  return { fetch, secretsSeen };
}

const deps = (cache: TokenCache, fetch: FetchLike) => ({ tokenCache: cache, http: { fetch, now: () => 1_000_000, sleep: async () => {}, logger: silentLogger, random: () => 0 } });

const adapters = [
  {
    name: "Cardepass",
    endpoint: () =>
      tokenEndpoint(
        (init) => new URLSearchParams(String(init.body)).get("client_secret") ?? "",
        (token) => ({ access_token: token, expires_in: 3600, token_type: "Bearer" }),
      ),
    api: (secret: string, cache: TokenCache, fetch: FetchLike) => {
      const config: ProviderAccountConfig = { id: "acct-1", provider: "cardepass", baseUrl: "http://cp.test/openapi", credentials: { clientId: "client", clientSecret: secret } };
      return new CardepassApi(config, deps(cache, fetch));
    },
  },
  {
    name: "NobePay",
    endpoint: () =>
      tokenEndpoint(
        (init) => (JSON.parse(String(init.body)) as { appSecret: string }).appSecret,
        (token) => ({ success: true, code: 200000, msg: "success", data: { accessToken: token, expiresIn: 10800 } }),
      ),
    api: (secret: string, cache: TokenCache, fetch: FetchLike) => {
      const config: ProviderAccountConfig = { id: "acct-2", provider: "nobepay", baseUrl: "http://nb.test", credentials: { appKey: "key", appSecret: secret } };
      return new NobepayApi(config, deps(cache, fetch));
    },
  },
];

describe.each(adapters)("$name token cache key", ({ endpoint, api }) => {
  it("an adapter with a new secret fetches its own token instead of the one cached under the old secret", async () => {
    const { fetch, secretsSeen } = endpoint();
    const cache = new TokenCache();
    const oldToken = await api("old-secret", cache, fetch).token();
    const newToken = await api("new-secret", cache, fetch).token();
    expect(secretsSeen).toEqual(["old-secret", "new-secret"]);
    expect(newToken).not.toBe(oldToken);
  });

  it("adapters with the same secret still share one token", async () => {
    const { fetch, secretsSeen } = endpoint();
    const cache = new TokenCache();
    const first = await api("same-secret", cache, fetch).token();
    expect(await api("same-secret", cache, fetch).token()).toBe(first);
    expect(secretsSeen).toEqual(["same-secret"]);
  });
});

describe("secretFingerprint", () => {
  it("is 16 hex characters of the secret's SHA-256, different per secret, and never the secret itself", () => {
    expect(secretFingerprint("abc")).toBe("ba7816bf8f01cfea");
    expect(secretFingerprint("abd")).not.toBe(secretFingerprint("abc"));
    expect(secretFingerprint("0123456789abcdef")).not.toContain("0123456789abcdef");
  });
});
