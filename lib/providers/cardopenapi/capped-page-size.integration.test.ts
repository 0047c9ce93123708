/**
 * A Card OPEN-API provider that answers fewer rows than the page_size asked for while its total says more remain
 * (review cardopenapi43 F4, review diff43p F1). cardopenapi.md gives page_size no maximum ("page_sizeint是每页记录数",
 * line 117) and answers with the list's size ("totalint是总数", line 128): a short page before the total is reached is
 * a page_size the provider capped. Ending the walk there would leave the rest of the cards or trades out, and stopping
 * it with an error would leave every card's status unfollowed for as long as the cap lasts. The adapter reads such a
 * list at the provider's own page size instead, still answering the page Cardhub asked for, so every card and trade is
 * read and a walk's saved page numbers keep their meaning.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { cards } from "@/db/schema";
import { CARDS_SYNC, syncAllCards } from "@/lib/cards/sync-account-cards";
import { isFailing } from "@/lib/provider-accounts/background-sync";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";
import { syncAccountTransactions } from "@/lib/transactions/sync-account";
import { withTestDatabase } from "@/test/database";
import { accountOf, forgetPull, listEverything, storedIds } from "@/test/transaction-sync";
import { withSeededSandbox } from "@/test/seeded-sandbox";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
withSeededSandbox(() => database.db(), { syncCards: false });
const realFetch = globalThis.fetch;
afterEach(() => {
  vi.restoreAllMocks();
});

/** A provider that puts at most `cap` rows on a page of `path`, whatever page_size it was asked (paging at its own size). */
const capping =
  (path: string, cap: number, sizesAsked: number[] = []): FetchLike =>
  async (input, init) => {
    if (!new URL(input).pathname.endsWith(path)) return realFetch(input, init);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    sizesAsked.push(Number(body.page_size));
    return realFetch(input, { ...init, body: JSON.stringify({ ...body, page_size: Math.min(Number(body.page_size), cap) }) });
  };

const adapter = async (fetch: FetchLike) => createProvider(toProviderAccountConfig(await accountOf(database.db(), "cardopenapi")), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
const idsOf = (page: { items: { providerCardId?: string | null }[] }) => page.items.map((item) => item.providerCardId);

describe("Card OPEN-API answers a short page while its total says more remain", () => {
  it("the card list is read at the provider's own page size: the page asked for holds every card it should", async () => {
    const sizesAsked: number[] = [];
    const page = await (await adapter(capping(EP.cardList.path, 2, sizesAsked))).listCards({ pageSize: 100 });
    const uncapped = await (await adapter(realFetch)).listCards({ pageSize: 100 });
    expect(uncapped.items).toHaveLength(5);
    expect(idsOf(page)).toEqual(idsOf(uncapped));
    expect(page).toMatchObject({ nextCursor: null, total: 5 });
    // Asked once at Cardhub's size, then at the provider's: pages 2 and 3 of 2 (page 1 of 2 is the answer already read).
    expect(sizesAsked).toEqual([100, 2, 2]);
  });

  it("a page past the first holds the rows it would uncapped, also for an adapter that goes on from there first", async () => {
    const uncapped = await adapter(realFetch);
    for (const cursor of ["2", "1"]) {
      // A fresh adapter, as after a restart: a walk saved at page 2 goes on from there. Page 2 of 3 at the provider's
      // size 2 holds as many rows as remain by the total, so only page 1 shows the cap.
      const capped = await adapter(capping(EP.cardList.path, 2));
      const page = await capped.listCards({ cursor, pageSize: 3 });
      const expected = await uncapped.listCards({ cursor, pageSize: 3 });
      expect(idsOf(page)).toEqual(idsOf(expected));
      expect(page.nextCursor).toBe(expected.nextCursor);
    }
  });

  it("so is the trade list", async () => {
    const capped = await adapter(capping(EP.cardTradeList.path, 2));
    const uncapped = await adapter(realFetch);
    const all = await listEverything(uncapped);
    expect(all.length).toBeGreaterThan(10);
    for (const cursor of ["1", "2", "3"]) {
      const page = await capped.listTransactions({ cursor, pageSize: 5 });
      const expected = await uncapped.listTransactions({ cursor, pageSize: 5 });
      expect(page.items.map((t) => t.providerTransactionId)).toEqual(expected.items.map((t) => t.providerTransactionId));
      expect(page.nextCursor).toBe(expected.nextCursor);
    }
  });

  it("the card sync reads every card, so a card frozen at the provider is frozen in Cardhub; the sync does not fail", async () => {
    const db = database.db();
    const account = await accountOf(db, "cardopenapi");
    const provider = await adapter(realFetch);
    const listed = (await provider.listCards({ pageSize: 100 })).items;
    const active = listed.find((card) => card.status === "active")!;
    // Frozen at the provider (its portal, or a freeze by anyone else).
    await provider.freeze({ cardId: active.providerCardId, customerOrderNo: "portal-freeze" });

    vi.spyOn(globalThis, "fetch").mockImplementation(capping(EP.cardList.path, 2) as typeof fetch);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await syncAllCards(db, { pageSize: 3 });
    const stored = await db.select({ id: cards.providerCardId, status: cards.status }).from(cards).where(eq(cards.providerAccountId, account.id));
    const statusOf = new Map(stored.map((card) => [card.id, card.status]));
    expect(statusOf.get(active.providerCardId)).toBe("frozen");
    for (const card of listed.filter((c) => c.status !== "failed")) expect(statusOf.has(card.providerCardId)).toBe(true);
    const health = await findSyncHealth(db, { providerAccountId: account.id, kind: CARDS_SYNC });
    expect(isFailing(health)).toBe(false);
    expect(health.lastSuccessAt).not.toBeNull();
    // The cap is said where an operator reads the adapter's notes.
    expect(warn.mock.calls.map((call) => String(call[0])).join("\n")).toMatch(/Card OPEN-API capped page_size at 2 where 3 were asked/);
  }, 60_000);

  it("the transaction sync stores every trade, and does not fail", async () => {
    const db = database.db();
    const account = await accountOf(db, "cardopenapi");
    await forgetPull(db, account.id);
    await syncAccountTransactions(db, account.id, { provider: await adapter(capping(EP.cardTradeList.path, 3)), pageSize: 7 });
    const expected = (await listEverything(await adapter(realFetch))).map((t) => t.providerTransactionId);
    expect(expected.length).toBeGreaterThan(7);
    expect([...(await storedIds(db, account.id))].sort()).toEqual([...expected].sort());
    expect((await getTransactionSyncState(db, account.id))!.lastError).toBeNull();
  }, 60_000);
});
