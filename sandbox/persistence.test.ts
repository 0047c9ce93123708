import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { admin, cardepassClient, cardopenapiPost, getJson, nobepayClient, startTestSandbox, waitFor } from "./test-support/clients";

const dirs: string[] = [];
let running: RunningSandbox | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sandbox-state-"));
  dirs.push(dir);
  return path.join(dir, "sandbox");
}

async function start(dir: string | undefined, options: Parameters<typeof startTestSandbox>[0] = {}) {
  running = await startTestSandbox({ stateDir: dir, ...options });
  return running;
}

async function restart(dir: string, options: Parameters<typeof startTestSandbox>[0] = {}) {
  await running?.close();
  return start(dir, options);
}

/** What a restart must keep: balances, cards (masked), orders, transaction counts — and the card secrets. */
async function world(url: string) {
  const state = await getJson(await admin(url, "/state"));
  const secrets = await getJson(await admin(url, "/card-secrets"));
  return { state, secrets };
}

describe("sandbox persistence", () => {
  it("a restart continues where it stopped: cards, orders, balances, transactions, tokens", async () => {
    const dir = stateDir();
    const sandbox = await start(dir);
    const cp = await cardepassClient(sandbox.url);
    const apply = (await getJson(await cp.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3", cardAlias: "kept", customerOrderNo: "P-1" }))) as { data: { orderNo: string } };
    const applied = await waitFor(async () => {
      const o = (await getJson(await cp.get(`/v1/orders/standard?OrderNo=${apply.data.orderNo}`))) as { data: { status: string; cardInfos: { cardId: string }[] } };
      return o.data.status === "Completed" ? o.data : undefined;
    });
    const newCard = applied.cardInfos[0]!.cardId;
    const nb = await nobepayClient(sandbox.url);
    await nb.post("/card/deposit", { cardId: "c_8f3a1c0e5b7d4a2f0002", amount: 1234, payCurrency: "USD" });
    await cardopenapiPost(sandbox.url, "/card/cardActive", { card_id: "5f1d0c9e8b7a6f5e4d3c2b1a00000005" });
    await admin(sandbox.url, "/activity/step", { count: 40 });
    const before = await world(sandbox.url);

    const again = await restart(dir);
    expect(await world(again.url)).toEqual(before);
    // The token issued before the restart is still valid (cardepass-v1.md: an old token stays valid until it expires).
    const card = await fetch(`${again.url}/cardepass/openapi/v1/cards/${newCard}`, { headers: { authorization: `Bearer ${cp.token}` } });
    expect(card.status).toBe(200);
    expect(((await getJson(card)).data as { alias: string; balanceAmount: number }).balanceAmount).toBe(3);
    // The same customerOrderNo is still known: a retry after the restart is the original order, not a new card.
    const cp2 = await cardepassClient(again.url);
    const retry = (await getJson(await cp2.post("/v1/orders/standard/apply", { productCode: "0BN03HNK", cardCurrency: "USD", topUpAmount: "3", cardAlias: "kept", customerOrderNo: "P-1" }))) as { data: { orderNo: string } };
    expect(retry.data.orderNo).toBe(apply.data.orderNo);
    // New activity continues the sequence rather than replaying ids.
    await admin(again.url, "/activity/step", { count: 5 });
    const after = (await getJson(await admin(again.url, "/state"))) as Record<string, unknown>;
    expect(after).not.toEqual(before.state);
  });

  it("work in flight when it stopped completes after the restart", async () => {
    const dir = stateDir();
    const sandbox = await start(dir, { orderDelayMs: 5_000 });
    const cp = await cardepassClient(sandbox.url);
    const order = (await getJson(await cp.post("/v1/orders/standard/topup", { cardId: "66a0c0de0000000000000003", topUpAmount: "10", customerOrderNo: "P-2" }))) as { data: { orderNo: string; status: string } };
    expect(order.data.status).toBe("Pending");
    const again = await restart(dir, { orderDelayMs: 50 });
    const api = await cardepassClient(again.url);
    await waitFor(async () => {
      const o = (await getJson(await api.get(`/v1/orders/standard?OrderNo=${order.data.orderNo}`))) as { data: { status: string } };
      return o.data.status === "Completed" ? true : undefined;
    });
  });

  it("reset stays explicit and is persisted; freshState and no stateDir start seeded", async () => {
    const dir = stateDir();
    let sandbox = await start(dir);
    const seeded = await world(sandbox.url);
    await admin(sandbox.url, "/activity/step", { count: 20 });
    expect(await world(sandbox.url)).not.toEqual(seeded);
    await admin(sandbox.url, "/reset", {});
    sandbox = await restart(dir);
    expect(await world(sandbox.url)).toEqual(seeded);

    await admin(sandbox.url, "/activity/step", { count: 20 });
    sandbox = await restart(dir, { freshState: true });
    expect(await world(sandbox.url)).toEqual(seeded);

    await running?.close();
    sandbox = await start(undefined);
    expect(await world(sandbox.url)).toEqual(seeded);
  });

  it("writes atomically (no temp file left), debounced after changes; an unreadable file is kept aside", async () => {
    const dir = stateDir();
    const sandbox = await start(dir);
    const file = path.join(dir, "state.json");
    expect(existsSync(file)).toBe(true);
    const first = readFileSync(file, "utf8");
    await admin(sandbox.url, "/activity/step", { count: 3 });
    await waitFor(async () => (readFileSync(file, "utf8") !== first ? true : undefined));
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: 1 });
    // The file holds card numbers as the provider would: never anywhere but the sandbox's own data folder.
    await running?.close();
    running = undefined;

    writeFileSync(file, "{ half a snapshot");
    const again = await start(dir);
    expect(readdirSync(dir).some((f) => f.startsWith("state.json.unreadable-"))).toBe(true);
    expect(((await getJson(await admin(again.url, "/card-secrets"))) as { cards: unknown[] }).cards).toHaveLength(14);
  });
});
