import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { listOpenUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { UNREAD_NAMED, unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import { providerForAccount } from "@/lib/providers/for-account";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { TokenCache } from "@/lib/providers/token-cache";
import type { ProviderName } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import type { CardProvider } from "@/lib/providers/interface";
import { accountOf, forgetPull, storedIds } from "@/test/transaction-sync";
import { syncAccountTransactions } from "./sync-account";

const database = withTestDatabase();
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

type Row = Record<string, unknown>;

/** The transaction rows of a list answer, whichever provider's shape it has. */
function rowsOf(body: { data?: unknown }): Row[] {
  const data = body.data as Row[] | { data?: Row[]; trade_list?: Row[] } | undefined;
  if (Array.isArray(data)) return data;
  return data?.trade_list ?? data?.data ?? [];
}

/** Every transaction the account lists, read straight from its pages (the oracle), in pages Cardepass accepts. */
async function everything(provider: CardProvider): Promise<{ providerTransactionId: string }[]> {
  const all: { providerTransactionId: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.listTransactions({ cursor, pageSize: 100 });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

const idOf = (row: Row) => String(row.trade_id ?? row.id ?? row.transactionId);

/**
 * The account's adapter, talking to the sandbox, with the second row of the first transaction page it reads given an
 * amount of 1.234 in a two-decimal currency (in every amount field of that row) on every read.
 */
async function adapterWithOneBadRow(accountId: string, provider: ProviderName, listPath: string): Promise<{ adapter: ReturnType<typeof createProvider>; bad: () => string | null }> {
  let bad: string | null = null;
  const fetch: FetchLike = async (input, init) => {
    const res = await globalThis.fetch(input, init);
    if (res.status !== 200 || !new URL(input).pathname.endsWith(listPath)) return res;
    const body = (await res.json()) as { data?: unknown };
    const rows = rowsOf(body);
    bad ??= rows[1] ? idOf(rows[1]) : null;
    for (const row of rows) {
      if (idOf(row) !== bad) continue;
      if (provider === "cardopenapi") row.amount = 1.234;
      else for (const field of ["transAmount", "authAmount", "settledAmount"]) if (row[field]) (row[field] as Row).amount = 1.234;
    }
    return Response.json(body);
  };
  const row = (await accountOf(database.db(), provider))!;
  expect(row.id).toBe(accountId);
  const adapter = createProvider(toProviderAccountConfig(row), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
  return { adapter, bad: () => bad };
}

describe.each([
  { provider: "cardopenapi" as const, listPath: "/openApi/card/cardTradeList", walk: "the page-numbered trade list" },
  { provider: "cardepass" as const, listPath: "/v1/transactions", walk: "the cursor walk" },
])("a $provider transaction whose amount has more decimals than its currency allows ($walk)", ({ provider, listPath }) => {
  it("is left out, counted and reported without card data, while every other row of its page and later pages is stored", async () => {
    const account = await accountOf(database.db(), provider);
    await forgetPull(database.db(), account.id);
    const expected = await everything(await providerForAccount(database.db(), account.id));
    expect(expected.length).toBeGreaterThan(6);
    const { adapter, bad } = await adapterWithOneBadRow(account.id, provider, listPath);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // Three rows a page: the bad row is the second of the first page, so its page and later ones hold good rows.
      const summary = await syncAccountTransactions(database.db(), account.id, { provider: adapter, pageSize: 3 });

      const badId = bad()!;
      expect(badId).toBeTruthy();
      const stored = await storedIds(database.db(), account.id);
      expect(stored.has(badId)).toBe(false);
      expect(expected.map((item) => item.providerTransactionId).filter((id) => id !== badId && !stored.has(id))).toEqual([]);
      expect(summary).toMatchObject({ skipped: 1, inserted: expected.length - 1 });
      expect(summary.pages).toBeGreaterThan(2);

      // The sweep itself succeeded; the account's sync status (Settings → provider accounts, /funding, the admin
      // overview) says what was left out, from transaction_rows_unread rather than the run's last error.
      const state = await getTransactionSyncState(database.db(), account.id);
      expect(state!.lastSuccessAt).not.toBeNull();
      expect(state!.lastError).toBeNull();
      const status = unreadTransactionsMessage((await listOpenUnreadTransactionRows(database.db(), { organizationId: account.organizationId, limit: UNREAD_NAMED })).get(account.id));
      expect(status).toMatch(new RegExp(`^1 provider transaction could not be read and is not in Cardhub \\(transaction ${badId}: .*amount`));
      const logged = warn.mock.calls.map((call) => String(call[0])).filter((line) => line.includes(badId));
      expect(logged).toHaveLength(1);

      // No card number in what was recorded or logged.
      const secrets = (await (await globalThis.fetch(`${sandbox.url}/_sandbox/card-secrets`)).json()) as { cards: { cardNumber: string }[] };
      for (const { cardNumber } of secrets.cards) {
        expect(status).not.toContain(cardNumber);
        expect(logged.join("\n")).not.toContain(cardNumber);
      }
    } finally {
      warn.mockRestore();
    }
  }, 60_000);
});
