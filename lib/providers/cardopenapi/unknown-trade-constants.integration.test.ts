/**
 * Card OPEN-API trades whose type or result is not one the adapter knows (review cardopenapi43 F3). cardopenapi.md
 * names the tables "• Card Trade Type" and "• Card Trade Result" (lines 17-18) and gives no value for either; the
 * adapter's {1 consume, 2 refund} and {1..5} are inferred. A trade of another type (a chargeback credit, a fee) read as
 * a purchase would be a credit counted as spend, an unknown result read as pending a hold nothing ever closes: such a
 * row is left out unread, with its reason, and stored by a later read that understands it.
 */
import { describe, expect, it, vi } from "vitest";
import { listOpenUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { providerForAccount } from "@/lib/providers/for-account";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";
import { syncAccountTransactions } from "@/lib/transactions/sync-account";
import { withTestDatabase } from "@/test/database";
import { accountOf, forgetPull, storedIds } from "@/test/transaction-sync";
import { withSeededSandbox } from "@/test/seeded-sandbox";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
withSeededSandbox(() => database.db());

type Row = Record<string, unknown>;

/**
 * The account's adapter, with the first three trades of the list it reads (by id, on every read) given a trade type 3,
 * a trade status 9 and no trade type.
 */
async function adapterWithUnknownConstants() {
  const changed: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const res = await globalThis.fetch(input, init);
    if (res.status !== 200 || !new URL(input).pathname.endsWith(EP.cardTradeList.path)) return res;
    const body = (await res.json()) as { data: { trade_list: Row[] } };
    for (const row of body.data.trade_list) if (changed.length < 3 && !changed.includes(String(row.trade_id))) changed.push(String(row.trade_id));
    for (const row of body.data.trade_list) {
      const at = changed.indexOf(String(row.trade_id));
      if (at === 0) row.trade_type = 3;
      if (at === 1) row.trade_status = 9;
      if (at === 2) delete row.trade_type;
    }
    return Response.json(body);
  };
  const account = await accountOf(database.db(), "cardopenapi");
  const adapter = createProvider(toProviderAccountConfig(account), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
  return { adapter, changed };
}

describe("a Card OPEN-API trade of a type or status the adapter does not know", () => {
  it("is left out of the page with its reason, never read as a purchase or a pending hold", async () => {
    const { adapter, changed } = await adapterWithUnknownConstants();
    const page = await adapter.listTransactions({ pageSize: 100 });
    expect(changed).toHaveLength(3);
    expect(page.items.filter((item) => changed.includes(item.providerTransactionId))).toEqual([]);
    expect(page.skipped).toEqual([
      { providerTransactionId: changed[0], reason: expect.stringMatching(/trade_type 3 is not a Card Trade Type Cardhub knows/) },
      { providerTransactionId: changed[1], reason: expect.stringMatching(/trade_status 9 is not a Card Trade Result Cardhub knows/) },
      { providerTransactionId: changed[2], reason: expect.stringMatching(/states no trade_type/) },
    ]);
  });

  it("is kept unread by the sync, named with its reason, and stored by a later read that understands it", async () => {
    const account = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), account.id);
    const { adapter, changed } = await adapterWithUnknownConstants();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const summary = await syncAccountTransactions(database.db(), account.id, { provider: adapter, pageSize: 100 });
      expect(summary.skipped).toBe(3);
    } finally {
      warn.mockRestore();
    }
    const stored = await storedIds(database.db(), account.id);
    expect(changed.filter((id) => stored.has(id))).toEqual([]);
    const open = (await listOpenUnreadTransactionRows(database.db(), { organizationId: account.organizationId, limit: 10 })).get(account.id)!;
    expect(open.count).toBe(3);
    expect(open.first.map((row) => row.providerTransactionId).sort()).toEqual([...changed].sort());

    // The same rows as the provider lists them today (a later read, once the adapter knows their type and status).
    await forgetPull(database.db(), account.id);
    await syncAccountTransactions(database.db(), account.id, { provider: await providerForAccount(database.db(), account.id), pageSize: 100 });
    const storedLater = await storedIds(database.db(), account.id);
    expect(changed.filter((id) => !storedLater.has(id))).toEqual([]);
    expect((await listOpenUnreadTransactionRows(database.db(), { organizationId: account.organizationId, limit: 10 })).get(account.id)).toBeUndefined();
  }, 60_000);
});
