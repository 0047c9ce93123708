import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { providerForAccount } from "@/lib/providers/for-account";
import type { Transaction } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { accountOf, forgetPull, listEverything, purchases, storedIds, withList } from "@/test/transaction-sync";
import { syncAccountTransactions } from "./sync-account";

const database = withTestDatabase();
let sandbox: RunningSandbox;

const OPENAPI_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0001";
const ids = (items: { providerTransactionId: string }[]) => new Set(items.map((item) => item.providerTransactionId));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
  // One page per row: Card OPEN-API's run cap (200 pages) and NobePay's per-card cap (20 pages) are reached.
  await purchases(sandbox.url, "cardopenapi", OPENAPI_CARD, 230);
  await purchases(sandbox.url, "nobepay", NOBEPAY_CARD, 25);
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

describe("a walk longer than one run's page cap", () => {
  it("Card OPEN-API: the next run goes on where the cap stopped; lastSeenAt and success wait for the end", async () => {
    const target = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), target.id);
    const expected = ids(await listEverything(await providerForAccount(database.db(), target.id)));
    expect(expected.size).toBeGreaterThan(200);

    const first = await syncAccountTransactions(database.db(), target.id, { pageSize: 1 });
    expect(first.pages).toBe(200);
    const stopped = await getTransactionSyncState(database.db(), target.id);
    expect(stopped).toMatchObject({ lastSeenAt: null, lastSuccessAt: null, lastError: null });
    expect(stopped!.state.walk?.page).toBe(200);
    const window = { from: stopped!.state.windowFrom, to: stopped!.state.windowTo };

    // New activity while the walk is half done pushes every unread row a page further down.
    await purchases(sandbox.url, "cardopenapi", OPENAPI_CARD, 3);
    const real = await providerForAccount(database.db(), target.id);
    const asked: { from?: string; to?: string; cursor?: string }[] = [];
    const spy = withList(real, (query) => {
      asked.push({ from: query.from, to: query.to, cursor: query.cursor });
      return real.listTransactions(query);
    });
    // Rows pushed down past the last page written share its second: the resumed walk steps back to overlap it, so
    // the rest may take more than one run. Until the end, nothing counts as seen.
    let done = await getTransactionSyncState(database.db(), target.id);
    for (let run = 0; run < 5 && !done!.lastSuccessAt; run += 1) {
      expect(done!.lastSeenAt).toBeNull();
      await syncAccountTransactions(database.db(), target.id, { pageSize: 1, provider: spy });
      done = await getTransactionSyncState(database.db(), target.id);
    }
    // It resumed at the last page written, in the window the sweep began with.
    expect(asked[0]).toEqual({ ...window, cursor: "200" });
    for (const query of asked) expect({ from: query.from, to: query.to }).toEqual(window);
    expect(done).toMatchObject({ state: {}, lastError: null });
    expect(done!.lastSuccessAt).not.toBeNull();
    expect(done!.lastSeenAt).not.toBeNull();
    const stored = await storedIds(database.db(), target.id);
    expect([...expected].filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);

  it("Card OPEN-API: when rows before the resume point leave the list, the resumed walk steps back and skips none", async () => {
    const target = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), target.id);
    const real = await providerForAccount(database.db(), target.id);
    const hidden = new Set<string>();
    // The provider's list as it stands, minus the rows that have left it, paged by the page number asked for.
    const lists = new Map<string, Promise<Transaction[]>>();
    const shifting = withList(real, async (query) => {
      const key = `${query.from}|${query.to}`;
      if (!lists.has(key)) lists.set(key, listEverything(real, { from: query.from, to: query.to }));
      const visible = (await lists.get(key)!).filter((item) => !hidden.has(item.providerTransactionId));
      const page = Number(query.cursor ?? "1");
      const size = query.pageSize ?? 100;
      const more = page * size < visible.length;
      return { items: visible.slice((page - 1) * size, page * size), nextCursor: more ? String(page + 1) : null, total: visible.length };
    });
    const before = await listEverything(real);

    expect((await syncAccountTransactions(database.db(), target.id, { pageSize: 1, provider: shifting })).pages).toBe(200);
    // Five rows the first run read on its first pages leave the list: everything after them moves up five pages.
    for (const item of before.slice(0, 5)) hidden.add(item.providerTransactionId);
    await syncAccountTransactions(database.db(), target.id, { pageSize: 1, provider: shifting });

    expect((await getTransactionSyncState(database.db(), target.id))!.lastSuccessAt).not.toBeNull();
    const stored = await storedIds(database.db(), target.id);
    expect(before.filter((item) => !stored.has(item.providerTransactionId)).map((item) => item.providerTransactionId)).toEqual([]);
  }, 120_000);

  it("NobePay: a card with more history than the per-card cap is read to its end; the sweep succeeds only then", async () => {
    const target = await accountOf(database.db(), "nobepay");
    await forgetPull(database.db(), target.id);
    const real = await providerForAccount(database.db(), target.id);
    const cardHistory = await listEverything(real, { cardId: NOBEPAY_CARD });
    expect(cardHistory.length).toBeGreaterThan(20);

    await syncAccountTransactions(database.db(), target.id, { pageSize: 1 });
    const stopped = await getTransactionSyncState(database.db(), target.id);
    expect(stopped).toMatchObject({ lastSeenAt: null, lastSuccessAt: null, lastError: null });
    expect(stopped!.state.cardWalks?.[NOBEPAY_CARD]?.page).toBe(20);

    await purchases(sandbox.url, "nobepay", NOBEPAY_CARD, 2);
    await syncAccountTransactions(database.db(), target.id, { pageSize: 1 });
    const done = await getTransactionSyncState(database.db(), target.id);
    expect(done).toMatchObject({ state: {}, lastError: null });
    expect(done!.lastSuccessAt).not.toBeNull();
    const stored = await storedIds(database.db(), target.id);
    expect(cardHistory.filter((item) => !stored.has(item.providerTransactionId)).map((item) => item.providerTransactionId)).toEqual([]);
  }, 120_000);
});
