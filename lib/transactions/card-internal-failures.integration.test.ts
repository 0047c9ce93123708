/**
 * A NobePay card whose transaction read meets an error of Cardhub's own (a row the database refuses, a bug on one odd
 * transaction) is charged to that card, as a provider's failed answer is: its page rolls back whole, the account's
 * status names the card with the fixed phrase of readFailureText (the log names the error, cleaned), the other cards
 * are read in the same pull, and the card is read again by the next sweep. An error that is not one card's still ends
 * the pull: three cards in a row failing inside Cardhub (a database refusing every write), or a database that does
 * not answer.
 */
import { and, count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { createDb } from "@/db/client";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { listBackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { transactions } from "@/db/schema/transactions";
import { readFailureText, SYNC_STOPPED_INSIDE_CARDHUB } from "@/lib/provider-accounts/sync-failure-text";
import { providerForAccount } from "@/lib/providers/for-account";
import type { CardProvider } from "@/lib/providers/interface";
import { withTestDatabase } from "@/test/database";
import { whileInsertsRefused, whileInsertsRefusedWhere } from "@/test/refused-inserts";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { startTcpProxy, throughProxy } from "@/test/tcp-proxy";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { accountOf, forgetPull, listEverything, storedIds, withList } from "@/test/transaction-sync";
import { CARD_FAILURES_IN_A_ROW_TO_STOP } from "./card-read-failures";
import { syncAccountTransactions } from "./sync-account";

const database = withTestDatabase();
const db = () => database.db();
withSeededSandbox(db);
// Seeded NobePay cards (sandbox/README.md, "Seeded starting data"), in the order the sweep reads them: three ACTIVE
// with a history, then one CANCELED without any.
const POISONED = "c_8f3a1c0e5b7d4a2f0001";
const NOBEPAY_CARDS = ["c_8f3a1c0e5b7d4a2f0001", "c_8f3a1c0e5b7d4a2f0002", "c_8f3a1c0e5b7d4a2f0003", "c_8f3a1c0e5b7d4a2f0004"];
/** What the database says about the refused row, as a constraint naming the row's values would. */
const REFUSAL = "ledger row of Grace Hopper at Blue Bottle Coffee refused";
/** Words of the failing query and its values, none of which a status may show. */
const PRIVATE = /Grace Hopper|Blue Bottle|Failed query|params:|insert into/i;

let warn: MockInstance<typeof console.warn> | undefined;
const logged = () => (warn?.mock.calls ?? []).map((call) => call.join(" ")).filter((line) => line.startsWith("[transactions]"));

afterEach(() => {
  warn?.mockRestore();
  warn = undefined;
});

/** The NobePay adapter, with the card of every transaction list request it is asked recorded in `asked`. */
async function watchedProvider(accountId: string, asked: string[], before?: (cardId: string) => Promise<void>): Promise<CardProvider> {
  const real = await providerForAccount(db(), accountId);
  return withList(real, async (query) => {
    asked.push(query.cardId!);
    await before?.(query.cardId!);
    return real.listTransactions(query);
  });
}

async function historyOf(accountId: string, cardId: string) {
  return listEverything(await providerForAccount(db(), accountId), { cardId });
}

async function rowsOfCard(accountId: string, cardId: string): Promise<number> {
  const [row] = await db()
    .select({ rows: count() })
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerCardId, cardId)));
  return row!.rows;
}

describe("NobePay: one card's read failing inside Cardhub", () => {
  it("is charged to that card (its page rolled back whole) while the other cards are read in the same pull, and read again next sweep", async () => {
    const account = await accountOf(db(), "nobepay");
    await forgetPull(db(), account.id);
    const poisoned = await historyOf(account.id, POISONED);
    // One odd transaction the database refuses; the rest of its page would go in if the page were not one unit.
    expect(poisoned.length).toBeGreaterThan(1);
    const odd = poisoned[poisoned.length - 1]!.providerTransactionId;
    const others = (await Promise.all(NOBEPAY_CARDS.filter((id) => id !== POISONED).map((id) => historyOf(account.id, id)))).flat();
    expect(others.length).toBeGreaterThan(5);
    const asked: string[] = [];
    const provider = await watchedProvider(account.id, asked);
    warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);

    const outcome = await whileInsertsRefusedWhere(db(), { table: "transactions", column: "provider_transaction_id", equals: odd }, REFUSAL, () =>
      syncAccountTransactions(db(), account.id, { provider }).then(
        () => "finished",
        (error: unknown) => error,
      ),
    );

    const stored = await storedIds(db(), account.id);
    expect(others.map((item) => item.providerTransactionId).filter((id) => !stored.has(id))).toEqual([]);
    expect(outcome).toBe("finished");
    expect(await rowsOfCard(account.id, POISONED)).toBe(0);
    expect(asked.filter((id) => id === POISONED)).toHaveLength(1);
    const alias = (await findCardByProviderId(db(), { providerAccountId: account.id, providerCardId: POISONED }))!.alias;
    const state = await getTransactionSyncState(db(), account.id);
    expect(state!.lastError).toBe(`Card "${alias}" (${POISONED}): ${readFailureText(new Error(REFUSAL))}`);
    expect(state!.lastError).not.toMatch(PRIVATE);
    expect(state!.lastSuccessAt).toBeNull();
    expect(Object.keys(state!.state.cardsBehind ?? {})).toEqual([POISONED]);
    const shown = (await listBackgroundSyncHealth(db(), { organizationId: account.organizationId })).find((read) => read.accountId === account.id && read.kind === "transactions");
    expect(shown?.lastError).toBe(state!.lastError);
    expect(logged()).toEqual([expect.stringContaining(POISONED)]);
    expect(logged()[0]).toContain("refused");
    expect(logged()[0]).not.toMatch(/params:|insert into/i);
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id });

    // The next pull reads the card again from where it still needs, and the account's status is clear.
    await syncAccountTransactions(db(), account.id);
    const after = await storedIds(db(), account.id);
    expect(poisoned.map((item) => item.providerTransactionId).filter((id) => !after.has(id))).toEqual([]);
    const recovered = await getTransactionSyncState(db(), account.id);
    expect(recovered!.lastError).toBeNull();
    expect(recovered!.state.cardsBehind).toBeUndefined();
    expect(recovered!.lastSuccessAt).not.toBeNull();
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id });
  }, 60_000);
});

describe("NobePay: an error that is not one card's", () => {
  it(`ends the pull when ${CARD_FAILURES_IN_A_ROW_TO_STOP} cards in a row fail inside Cardhub (a database refusing every insert)`, async () => {
    const account = await accountOf(db(), "nobepay");
    await forgetPull(db(), account.id);
    expect(NOBEPAY_CARDS.length).toBeGreaterThan(CARD_FAILURES_IN_A_ROW_TO_STOP);

    const asked: string[] = [];
    const provider = await watchedProvider(account.id, asked);
    await expect(whileInsertsRefused(db(), "transactions", REFUSAL, () => syncAccountTransactions(db(), account.id, { provider }))).rejects.toThrow();

    // One list request per card (each fails on its first page), and none after the third card in a row.
    expect(asked).toEqual(NOBEPAY_CARDS.slice(0, CARD_FAILURES_IN_A_ROW_TO_STOP));
    const state = await getTransactionSyncState(db(), account.id);
    expect(state!.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    expect(state!.leaseUntil).toBeNull();
    expect(await storedIds(db(), account.id)).toEqual(new Set());
    // No loop over the same cards: the next pull goes on at the card the last one stopped at, each card asked once.
    asked.length = 0;
    await whileInsertsRefused(db(), "transactions", REFUSAL, () => syncAccountTransactions(db(), account.id, { provider })).catch(() => undefined);
    expect(asked).toEqual(NOBEPAY_CARDS.slice(CARD_FAILURES_IN_A_ROW_TO_STOP - 1));
  }, 60_000);

  it("ends the pull when the database does not answer, at the card it was reading", async () => {
    const account = await accountOf(db(), "nobepay");
    await forgetPull(db(), account.id);
    const url = new URL(database.url());
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
    const through = createDb(throughProxy(database.url(), proxy), 2);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const asked: string[] = [];
      const real = await providerForAccount(db(), account.id);
      const provider = withList(real, async (query) => {
        asked.push(query.cardId!);
        if (query.cardId === NOBEPAY_CARDS[1]) await proxy.cut();
        return real.listTransactions(query);
      });

      await expect(syncAccountTransactions(through.db, account.id, { provider })).rejects.toThrow();

      expect(asked).toEqual(NOBEPAY_CARDS.slice(0, 2));
    } finally {
      vi.mocked(console.error).mockRestore();
      await proxy.cut();
      await through.pool.end().catch(() => undefined);
    }
  }, 60_000);
});
