import { describe, expect, it } from "vitest";
import { ProviderError } from "@/lib/providers/errors";
import {
  HttpClient,
  buildUrl,
  parseRetryAfter,
  type FetchLike,
  silentLogger,
  type HttpClientOptions,
  type ProviderLogEvent,
} from "@/lib/providers/http";

type Step = Response | "hang" | "refused" | "reset";

function scripted(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const step = steps.shift() ?? new Response("{}", { status: 200 });
    if (step === "refused") return Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }));
    if (step === "reset") return Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } }));
    if (step === "hang") {
      return new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }
    return Promise.resolve(step);
  };
  return { fetch, calls };
}

function client(fetch: FetchLike, extra: Partial<HttpClientOptions> = {}) {
  let clock = 0;
  const sleeps: number[] = [];
  const events: ProviderLogEvent[] = [];
  const http = new HttpClient({
    provider: "cardepass",
    baseUrl: "http://provider.test/openapi/",
    fetch,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
    logger: { warn: (e) => events.push(e), error: (e) => events.push(e) },
    timeoutMs: 50,
    maxRetryMs: 10_000,
    responseIdOf: (b) => (b as { responseId?: string }).responseId,
    secrets: () => ["s3cr3t-value"],
    ...extra,
  });
  return { http, sleeps, events, advance: (ms: number) => (clock += ms) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers });

describe("HttpClient retries", () => {
  it("retries 5xx with exponential backoff and jitter, then succeeds", async () => {
    const { fetch, calls } = scripted([json(500, {}), json(502, {}), json(200, { ok: 1, responseId: "r-1" })]);
    const { http, sleeps, events } = client(fetch);
    const res = await http.request({ operation: "ping", method: "GET", path: "/v1/ping" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: 1, responseId: "r-1" });
    expect(res.responseId).toBe("r-1");
    expect(res.attempts).toBe(3);
    expect(calls).toHaveLength(3);
    // base 200 ms: attempt 1 → 200 * (0.5 + 0.5*0.5) = 150, attempt 2 → 400 * 0.75 = 300
    expect(sleeps).toEqual([150, 300]);
    expect(events.map((e) => e.status)).toEqual([500, 502]);
  });

  it("honours Retry-After on 429", async () => {
    const { fetch } = scripted([json(429, {}, { "Retry-After": "2" }), json(200, {})]);
    const { http, sleeps } = client(fetch);
    await http.request({ operation: "x", method: "GET", path: "/x" });
    expect(sleeps).toEqual([2000]);
  });

  it("gives up with rate_limited when Retry-After exceeds the time budget", async () => {
    const { fetch, calls } = scripted([json(429, {}, { "Retry-After": "60" })]);
    const { http } = client(fetch, { maxRetryMs: 5_000 });
    const error = await http.request({ operation: "x", method: "GET", path: "/x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe("rate_limited");
    expect((error as ProviderError).retryAfterMs).toBe(60_000);
    expect(calls).toHaveLength(1);
  });

  it("times out hung calls, retries them, and reports unavailable when all attempts hang", async () => {
    const { fetch, calls } = scripted(["hang", "hang", "hang"]);
    const { http } = client(fetch, { maxAttempts: 3 });
    const error = (await http.request({ operation: "x", method: "GET", path: "/x" }).catch((e: unknown) => e)) as ProviderError;
    expect(error.code).toBe("unavailable");
    expect(error.retryable).toBe(true);
    // The whole wait (three hung attempts and the pauses between them), not one attempt's timeout, and what to do next.
    expect(error.message).toMatch(/^The card provider did not answer in (\d+(\.\d)?) s \(3 attempts of up to 0\.1 s\)\. Try again later\.$/);
    expect(Number(/in (\S+) s/.exec(error.message)![1])).toBeGreaterThanOrEqual(0.3);
    expect(calls).toHaveLength(3);
  });

  it("stops within the total time budget", async () => {
    const { fetch, calls } = scripted(Array.from({ length: 20 }, () => json(503, {})));
    const { http, sleeps } = client(fetch, { maxAttempts: 20, maxRetryMs: 1_000 });
    await expect(http.request({ operation: "x", method: "GET", path: "/x" })).rejects.toMatchObject({ code: "unavailable", httpStatus: 503 });
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(1_000);
    expect(calls.length).toBeLessThan(20);
  });

  it("does not retry 4xx business answers: returns them to the adapter", async () => {
    const { fetch, calls } = scripted([json(400, { errorCode: "X" }), json(200, {})]);
    const { http } = client(fetch);
    const res = await http.request({ operation: "x", method: "POST", path: "/x", json: {} });
    expect(res.status).toBe(400);
    expect(calls).toHaveLength(1);
  });

  it("does not repeat a non-idempotent call after a timeout or 5xx", async () => {
    for (const first of ["hang", json(500, {}), "reset"] as Step[]) {
      const { fetch, calls } = scripted([first, json(200, {})]);
      const { http } = client(fetch);
      const error = (await http.request({ operation: "deposit", method: "POST", path: "/d", json: {}, retry: "once" }).catch((e: unknown) => e)) as ProviderError;
      expect(error.code).toBe("unavailable");
      expect(calls).toHaveLength(1);
    }
  });

  it("repeats a non-idempotent call when the provider provably did not take it (429, refused)", async () => {
    const { fetch, calls } = scripted([json(429, {}), "refused", json(200, { done: true })]);
    const { http } = client(fetch);
    const res = await http.request({ operation: "deposit", method: "POST", path: "/d", json: {}, retry: "once" });
    expect(res.body).toEqual({ done: true });
    expect(calls).toHaveLength(3);
  });

  it("marks non-JSON bodies as malformed instead of throwing", async () => {
    const { fetch } = scripted([new Response("<html>oops", { status: 200 })]);
    const { http } = client(fetch);
    const res = await http.request({ operation: "x", method: "GET", path: "/x" });
    expect(res.malformed).toBe(true);
    expect(res.body).toBeUndefined();
  });

  it("evaluates headers per attempt and encodes json and form bodies", async () => {
    const { fetch, calls } = scripted([json(500, {}), json(200, {}), json(200, {})]);
    const { http } = client(fetch);
    let n = 0;
    await http.request({ operation: "x", method: "POST", path: "/x", json: { a: "1" }, headers: () => ({ nonce: String(++n) }) });
    expect((calls[0]!.init.headers as Record<string, string>).nonce).toBe("1");
    expect((calls[1]!.init.headers as Record<string, string>).nonce).toBe("2");
    expect(calls[1]!.init.body).toBe('{"a":"1"}');
    await http.request({ operation: "t", method: "POST", path: "/connect/token", form: { grant_type: "client_credentials" } });
    expect(calls[2]!.init.body).toBe("grant_type=client_credentials");
    expect((calls[2]!.init.headers as Record<string, string>)["Content-Type"]).toBe("application/x-www-form-urlencoded");
  });

  it("never logs secrets", async () => {
    const { fetch } = scripted([Object.assign(new Response("{}", { status: 500 }))]);
    const { http, events } = client(fetch, { maxAttempts: 1 });
    await http.request({ operation: "x", method: "GET", path: "/x" }).catch(() => undefined);
    expect(JSON.stringify(events)).not.toContain("s3cr3t-value");
  });
});

describe("HttpClient and redirects", () => {
  it("asks fetch not to follow redirects", async () => {
    const { fetch, calls } = scripted([json(200, {})]);
    const { http } = client(fetch);
    await http.request({ operation: "x", method: "POST", path: "/connect/token", form: { client_secret: "s3cr3t-value" } });
    expect(calls[0]!.init.redirect).toBe("manual");
  });

  it.each([301, 302, 303, 307, 308])("treats a %i answer as unreadable, once, naming the status and not the Location's query", async (status) => {
    const location = "https://elsewhere.test/collect/s3cr3t-value?token=QzX7-query-secret#frag";
    const { fetch, calls } = scripted([new Response(null, { status, headers: { location } })]);
    const { http, events } = client(fetch);
    const error = await http.request({ operation: "token", method: "POST", path: "/connect/token", form: { client_secret: "s3cr3t-value" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    const providerError = error as ProviderError;
    expect(providerError).toMatchObject({ code: "unknown", httpStatus: status, retryable: false });
    expect(providerError.message).toContain(`HTTP ${status}`);
    expect(providerError.message).toContain("Cardhub does not follow redirects");
    expect(providerError.providerMessage).toContain("https://elsewhere.test/collect/");
    expect(providerError.providerMessage).toContain("Cardhub does not follow redirects");
    const shown = JSON.stringify({ ...providerError.toJSON(), detail: providerError.providerMessage, events });
    for (const leak of ["QzX7-query-secret", "token=", "frag", "s3cr3t-value"]) expect(shown).not.toContain(leak);
    expect(calls).toHaveLength(1);
  });

  it("names a relative Location by the address it resolves to, a long one cut after scrubbing, and a missing one not at all", async () => {
    const { fetch } = scripted([
      new Response(null, { status: 307, headers: { location: "/login?next=QzX7-query-secret" } }),
      new Response(null, { status: 308 }),
    ]);
    const { http } = client(fetch);
    const relative = (await http.request({ operation: "x", method: "GET", path: "/v1/ping" }).catch((e: unknown) => e)) as ProviderError;
    expect(relative.providerMessage).toContain("http://provider.test/login");
    expect(relative.providerMessage).not.toContain("QzX7-query-secret");
    const long = new Response(null, { status: 307, headers: { location: `https://elsewhere.test/${"a".repeat(170)}/s3cr3t-value` } });
    const { http: longHttp } = client(scripted([long]).fetch);
    const cut = (await longHttp.request({ operation: "x", method: "GET", path: "/v1/ping" }).catch((e: unknown) => e)) as ProviderError;
    expect(cut.providerMessage).toContain("https://elsewhere.test/aaa");
    expect(cut.providerMessage).not.toContain("s3cr");
    const missing = (await http.request({ operation: "x", method: "GET", path: "/v1/ping" }).catch((e: unknown) => e)) as ProviderError;
    expect(missing).toMatchObject({ code: "unknown", httpStatus: 308 });
    expect(missing.message).toContain("Cardhub does not follow redirects");
  });
});

describe("defaults", () => {
  it("an explicit undefined option keeps the default timeout", async () => {
    const { fetch } = scripted([json(200, {})]);
    const http = new HttpClient({ provider: "nobepay", baseUrl: "http://p.test", fetch, timeoutMs: undefined, maxRetryMs: undefined, logger: silentLogger });
    await expect(http.request({ operation: "x", method: "GET", path: "/x" })).resolves.toMatchObject({ status: 200 });
  });
});

describe("helpers", () => {
  it("builds URLs under the base path and drops empty query values", () => {
    expect(buildUrl("http://h/openapi/", "/v1/transactions", { CardId: "c1", PageCursor: undefined, X: "" })).toBe(
      "http://h/openapi/v1/transactions?CardId=c1",
    );
  });
  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
