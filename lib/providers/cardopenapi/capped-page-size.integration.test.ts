/**
 * A Card OPEN-API provider that answers fewer rows than the page_size asked for while its total says more remain
 * (review cardopenapi43 F4). cardopenapi.md gives page_size no maximum ("page_sizeint是每页记录数", line 117) and
 * answers with the list's size ("totalint是总数", line 128): a short page before the total is reached is a page_size
 * the provider capped, and ending the walk there would leave the rest of the cards or trades out, unsaid. The walk
 * stops with an error that names it instead, and the sync status says so.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { CARDS_SYNC, syncAllCards } from "@/lib/cards/sync-account-cards";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";
import { syncAccountTransactions } from "@/lib/transactions/sync-account";
import { withTestDatabase } from "@/test/database";
import { accountOf, forgetPull } from "@/test/transaction-sync";
import { withSeededSandbox } from "@/test/seeded-sandbox";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
withSeededSandbox(() => database.db(), { syncCards: false });
const realFetch = globalThis.fetch;
afterEach(() => {
  vi.restoreAllMocks();
});

/** A provider that puts at most `cap` rows on a page of `path`, whatever page_size it was asked. */
const capping =
  (path: string, cap: number): FetchLike =>
  async (input, init) => {
    if (!new URL(input).pathname.endsWith(path)) return realFetch(input, init);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    return realFetch(input, { ...init, body: JSON.stringify({ ...body, page_size: Math.min(Number(body.page_size), cap) }) });
  };

const adapter = async (fetch: FetchLike) => createProvider(toProviderAccountConfig(await accountOf(database.db(), "cardopenapi")), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });

describe("Card OPEN-API answers a short page while its total says more remain", () => {
  it("the card list is not ended there: the adapter says how many came, were asked and remain", async () => {
    const p = await adapter(capping(EP.cardList.path, 2));
    await expect(p.listCards({ pageSize: 100 })).rejects.toMatchObject({
      provider: "cardopenapi",
      message: "Card OPEN-API returned 2 rows where 100 were asked while its total is 5; it may cap page_size, so the rest of the list was not read.",
    });
  });

  it("nor is the trade list", async () => {
    const p = await adapter(capping(EP.cardTradeList.path, 5));
    await expect(p.listTransactions({ pageSize: 100 })).rejects.toMatchObject({ message: expect.stringMatching(/^Card OPEN-API returned 5 rows where 100 were asked while its total is \d+; it may cap page_size/) });
  });

  it("the card sync's status names it", async () => {
    vi.spyOn(globalThis, "fetch").mockImplementation(capping(EP.cardList.path, 2) as typeof fetch);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await syncAllCards(database.db());
    const account = await accountOf(database.db(), "cardopenapi");
    const health = await findSyncHealth(database.db(), { providerAccountId: account.id, kind: CARDS_SYNC });
    expect(health.lastError).toMatch(/^Card OPEN-API returned 2 rows where 100 were asked while its total is 5; it may cap page_size/);
  }, 60_000);

  it("the transaction sync's status names it", async () => {
    const account = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), account.id);
    await expect(syncAccountTransactions(database.db(), account.id, { provider: await adapter(capping(EP.cardTradeList.path, 5)), pageSize: 100 })).rejects.toThrow(/it may cap page_size/);
    expect((await getTransactionSyncState(database.db(), account.id))!.lastError).toMatch(/^Card OPEN-API returned 5 rows where 100 were asked/);
  }, 60_000);
});
