import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { admin, cardepassClient, cardopenapiPost, getJson, nobepayClient, startTestSandbox, waitFor } from "./test-support/clients";

let sandbox: RunningSandbox;
afterEach(() => sandbox?.close());

describe("fault injection", () => {
  it("fails exactly the next N requests with the chosen status, then recovers", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    await admin(sandbox.url, "/faults", { provider: "cardepass", failNext: 2, failStatus: 502 });
    expect((await api.get("/v1/ping")).status).toBe(502);
    expect((await api.get("/v1/ping")).status).toBe(502);
    expect((await api.get("/v1/ping")).status).toBe(200);
  });

  it("answers 429 with Retry-After", async () => {
    sandbox = await startTestSandbox();
    const api = await nobepayClient(sandbox.url);
    await admin(sandbox.url, "/faults", { provider: "nobepay", failNext: 1, failStatus: 429, retryAfterSeconds: 7 });
    const res = await api.get("/card/vd/list");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
  });

  it("applies error and rate-limit rates to one provider only, and DELETE clears them", async () => {
    sandbox = await startTestSandbox();
    await admin(sandbox.url, "/faults", { provider: "cardopenapi", errorRate: 1 });
    const statuses = await Promise.all([1, 2, 3, 4].map(async () => (await cardopenapiPost(sandbox.url, "/card/binList")).status));
    expect(statuses.every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect((await (await cardepassClient(sandbox.url)).get("/v1/ping")).status).toBe(200);
    await admin(sandbox.url, "/faults", undefined, "DELETE");
    await admin(sandbox.url, "/faults", { provider: "cardopenapi", rateLimitRate: 1 });
    expect((await cardopenapiPost(sandbox.url, "/card/binList")).status).toBe(429);
    await admin(sandbox.url, "/faults?provider=cardopenapi", undefined, "DELETE");
    expect((await cardopenapiPost(sandbox.url, "/card/binList")).status).toBe(200);
  });

  it("adds latency", async () => {
    sandbox = await startTestSandbox();
    await admin(sandbox.url, "/faults", { provider: "cardopenapi", latencyMs: 150 });
    const started = Date.now();
    await cardopenapiPost(sandbox.url, "/card/binList");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("hangs a request until the client gives up", async () => {
    sandbox = await startTestSandbox();
    await admin(sandbox.url, "/faults", { provider: "cardopenapi", failNext: 1, failMode: "hang" });
    const client = new AbortController();
    const hung = fetch(`${sandbox.url}/cardopenapi/v1/openApi/card/binList`, { method: "POST", body: "{}", signal: client.signal });
    // Give up only once the sandbox holds the request: a fixed 200 ms timer once fired before a loaded machine had
    // even delivered it, leaving the fault armed for the next request (which then hung the test).
    await waitFor(async () => ((await getJson(await admin(sandbox.url, "/faults"))) as Record<string, { failNext: number }>).cardopenapi?.failNext === 0, 10_000);
    client.abort();
    await expect(hung).rejects.toThrow();
    expect((await cardopenapiPost(sandbox.url, "/card/binList")).status).toBe(200);
  });

  it("returns a malformed body after the request took effect", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    await admin(sandbox.url, "/faults", { provider: "cardepass", failNext: 1, failMode: "malformed" });
    const res = await api.post("/v1/orders/standard/topup", { cardId: "66a0c0de0000000000000003", topUpAmount: "1", customerOrderNo: "MAL-1" });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    const query = await getJson(await api.get("/v1/orders/standard?CustomerOrderNo=MAL-1"));
    expect(query.hasError).toBe(false);
  });

  it("validates fault settings and never applies them to the admin API", async () => {
    sandbox = await startTestSandbox();
    const bad = await admin(sandbox.url, "/faults", { provider: "nobepay", errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "errorRate" });
    await admin(sandbox.url, "/faults", { errorRate: 1 });
    expect((await admin(sandbox.url, "/state")).status).toBe(200);
  });
});
