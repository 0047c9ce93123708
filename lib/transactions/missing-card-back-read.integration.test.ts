/**
 * A card its provider answered "not found" for (cards.provider_missing_since) and then knew again.
 *
 * NobePay has no account-wide transaction list ("查看卡片交易记录v2.0" takes "cardId | 是 | string | 卡ID" and no date
 * filter), so its sweep reads card by card and leaves a card out while it is marked missing (per-card-order.ts). Its
 * rows from that period are only read once the card is read again, and each sweep starts two days before the newest row
 * it saw: the card's next read must go back over the period it was left out. Cardepass and Card OPEN-API list the whole
 * account's transactions at once, whatever Cardhub thinks of the card: nothing of theirs is left out.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { cards } from "@/db/schema/cards";
import type { ProviderName } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { markCardMissingAtProvider } from "@/lib/cards/provider-missing";
import { syncAccountCards, syncAllCards } from "@/lib/cards/sync-account-cards";
import { formatUtcDate } from "@/lib/format";
import { ProviderError } from "@/lib/providers/errors";
import { providerForAccount } from "@/lib/providers/for-account";
import type { RunningSandbox } from "@/sandbox/server";
import { startCardSyncSandbox } from "@/test/card-sync-sandbox";
import { withTestDatabase } from "@/test/database";
import { purchases, sandboxAdmin, storedIds, withList } from "@/test/transaction-sync";
import { syncAccountTransactions, type SyncOptions } from "./sync-account";
import { MAX_PAGES_PER_CARD } from "./sync-pages";
import { addDays, SWEEP_OVERLAP_DAYS } from "./sync-window";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountIds: Record<string, string> = {};
const DAY_MS = 86_400_000;
/** Longer than the daily re-read's 90 days (deep-reread.ts): what it does not reach back to, only the sweep can. */
const MISSING_FOR_DAYS = 100;
/** Purchases on the NobePay card while it was missing, beyond the one in PURCHASE: more than one run's page cap at one row a page. */
const NOBEPAY_EXTRA_PURCHASES = MAX_PAGES_PER_CARD + 5;

// Seeded sandbox cards (sandbox/README.md, "Seeded starting data"): one each provider goes missing, another spends on.
const MISSING: Record<ProviderName, string> = {
  cardepass: "66a0c0de0000000000000003",
  nobepay: "c_8f3a1c0e5b7d4a2f0001",
  cardopenapi: "5f1d0c9e8b7a6f5e4d3c2b1a00000001",
};
const OTHER: Record<ProviderName, string> = {
  cardepass: "66a0c0de0000000000000001",
  nobepay: "c_8f3a1c0e5b7d4a2f0003",
  cardopenapi: "5f1d0c9e8b7a6f5e4d3c2b1a00000002",
};
const PROVIDERS = Object.keys(MISSING) as ProviderName[];
/** Another seeded NobePay card, marked missing in Cardhub only (the sandbox goes on knowing it). */
const MARKED_EARLIER = "c_8f3a1c0e5b7d4a2f0002";

/** The purchase each missing card made at its provider while Cardhub had it marked missing. */
const madeWhileMissing: Partial<Record<ProviderName, string>> = {};
/** Which of those the ledger held just before the mark cleared. */
const storedBeforeFound: Partial<Record<ProviderName, boolean>> = {};
let nobepayMissingSince: Date;

/** Time passing: the app's and the sandbox's clock (both run here) move `ms` on; the database's does not. */
function clockMovesOn(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + ms, shouldAdvanceTime: true });
}

async function purchase(provider: ProviderName, cardId: string, amount: string): Promise<string> {
  const made = await sandboxAdmin(sandbox.url, "/purchase", { provider, cardId, amount, merchant: "DELTA AIR LINES", settle: true });
  expect(made.approved, `${provider} ${cardId}`).toBe(true);
  return String(made.id);
}

/** One pull of the account, with the transaction list requests it made per card id. */
async function pull(provider: ProviderName, options: SyncOptions = {}) {
  const accountId = accountIds[provider]!;
  const real = await providerForAccount(database.db(), accountId);
  const asked: Record<string, number> = {};
  const counted = withList(real, (query) => {
    asked[query.cardId ?? ""] = (asked[query.cardId ?? ""] ?? 0) + 1;
    return real.listTransactions(query);
  });
  const summary = await syncAccountTransactions(database.db(), accountId, { ...options, provider: counted });
  return { summary, asked };
}

const pullAll = async () => {
  for (const provider of PROVIDERS) await pull(provider);
};

async function cardOf(provider: ProviderName) {
  return (await findCardByProviderId(database.db(), { providerAccountId: accountIds[provider]!, providerCardId: MISSING[provider] }))!;
}

async function ledgerRowsOf(provider: ProviderName, providerCardId: string): Promise<number> {
  const [row] = await database
    .db()
    .select({ rows: count() })
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountIds[provider]!), eq(transactions.providerCardId, providerCardId)));
  return row!.rows;
}

/** What the provider lists for the card from `since` on (the oracle), read straight from its pages. */
async function sandboxRowsSince(provider: ProviderName, cardId: string, since: Date): Promise<string[]> {
  const real = await providerForAccount(database.db(), accountIds[provider]!);
  const ids: string[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await real.listTransactions({ cardId, cursor, pageSize: 100 });
    ids.push(...page.items.filter((item) => (item.authorizedAt ?? item.occurredAt)! >= since).map((item) => item.providerTransactionId));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

beforeAll(async () => {
  const db = database.db();
  const cardepassCard = { providerCardId: MISSING.cardepass, cardModel: "standard" as const, alias: "Travel - Sales", status: "active" as const };
  ({ sandbox, accountIds } = await startCardSyncSandbox(db, cardepassCard));
  await syncAllCards(db);
  // Cards Cardhub has known for a day: no sweep takes them for cards it has not read back yet.
  await db.execute(sql`update cards set created_at = created_at - interval '1 day'`);
  await pullAll();

  // The provider forgets one card of each account; the card sync marks them missing.
  for (const provider of PROVIDERS) {
    const forgotten = await fetch(`${sandbox.url}/_sandbox/cards/${provider}/${MISSING[provider]}`, { method: "DELETE" });
    expect(forgotten.status).toBe(200);
  }
  await syncAllCards(db);
  for (const provider of PROVIDERS) expect((await cardOf(provider)).providerMissingSince, provider).toBeInstanceOf(Date);
  nobepayMissingSince = (await cardOf("nobepay")).providerMissingSince!;
  // The provider knows the cards again (Cardhub learns it at its next card sync) and they spend.
  expect((await fetch(`${sandbox.url}/_sandbox/reset`, { method: "POST" })).status).toBe(200);

  clockMovesOn(DAY_MS);
  for (const provider of PROVIDERS) {
    madeWhileMissing[provider] = await purchase(provider, MISSING[provider], "12.00");
    await purchase(provider, OTHER[provider], "3.00");
  }
  await purchases(sandbox.url, "nobepay", MISSING.nobepay, NOBEPAY_EXTRA_PURCHASES);
  const whileMissing = await pull("nobepay");
  expect(whileMissing.asked[MISSING.nobepay] ?? 0).toBe(0);
  expect(whileMissing.asked[OTHER.nobepay]).toBeGreaterThan(0);
  await pull("cardepass");
  await pull("cardopenapi");

  // Months on, the other cards' rows have moved every sweep's start (two days before the newest row) past that day.
  clockMovesOn(MISSING_FOR_DAYS * DAY_MS);
  for (const provider of PROVIDERS) await purchase(provider, OTHER[provider], "4.00");
  await pullAll();
  for (const provider of PROVIDERS) storedBeforeFound[provider] = (await storedIds(db, accountIds[provider]!)).has(madeWhileMissing[provider]!);

  await syncAllCards(db);
  for (const provider of PROVIDERS) expect((await cardOf(provider)).providerMissingSince, provider).toBeNull();
}, 180_000);
afterAll(async () => {
  vi.useRealTimers();
  await sandbox?.close();
});

describe("a NobePay card the provider knows again after it was missing", () => {
  it("is read back over the period it was missing, within the per-card page cap, with no other card read further back", async () => {
    expect(storedBeforeFound.nobepay).toBe(false);
    const owed = await sandboxRowsSince("nobepay", MISSING.nobepay, new Date(nobepayMissingSince.getTime() - 2 * DAY_MS));
    expect(owed).toContain(madeWhileMissing.nobepay);
    expect(owed.length).toBe(NOBEPAY_EXTRA_PURCHASES + 1);
    const otherRowsBefore = await ledgerRowsOf("nobepay", OTHER.nobepay);

    // One row a page: the card's read stops at the cap and goes on in the next run.
    const first = await pull("nobepay", { pageSize: 1 });
    const second = await pull("nobepay", { pageSize: 1 });

    const stored = await storedIds(database.db(), accountIds.nobepay!);
    expect(owed.filter((id) => !stored.has(id))).toEqual([]);
    expect(first.asked[MISSING.nobepay]).toBe(MAX_PAGES_PER_CARD);
    expect(second.asked[MISSING.nobepay]).toBeGreaterThan(0);
    // The other card is read as far as the sweep's own start (its newest row, then one older than the start), not back.
    expect(first.asked[OTHER.nobepay]).toBe(2);
    // The second run only finishes the sweep that run began: the cards it read through are not asked again.
    expect(second.asked[OTHER.nobepay] ?? 0).toBe(0);
    expect(await ledgerRowsOf("nobepay", OTHER.nobepay)).toBe(otherRowsBefore);
    expect(first.summary.inserted + second.summary.inserted).toBe(owed.length);
    const state = await getTransactionSyncState(database.db(), accountIds.nobepay!);
    expect(state!.state.cardsBehind?.[MISSING.nobepay]).toBeUndefined();
    expect(state!.state.cardWalks ?? {}).toEqual({});
    expect(state!.lastError).toBeNull();

    // Read back once: the next pulls read the card from the sweep's start again and store nothing twice.
    const rowsAfter = await ledgerRowsOf("nobepay", MISSING.nobepay);
    const again = await pull("nobepay");
    expect(again.summary.inserted).toBe(0);
    expect(again.asked[MISSING.nobepay]).toBe(1);
    expect(await ledgerRowsOf("nobepay", MISSING.nobepay)).toBe(rowsAfter);
  }, 60_000);
});

describe("a NobePay card marked missing before its sweep kept the start it owes", () => {
  it("has that start worked out again from its mark while the mark stands: two days before it, however far the sweep moved on", async () => {
    const db = database.db();
    const accountId = accountIds.nobepay!;
    const card = (await findCardByProviderId(db, { providerAccountId: accountId, providerCardId: MARKED_EARLIER }))!;
    const markedAt = new Date();
    await markCardMissingAtProvider(db, card.id, new ProviderError("not_found", { provider: "nobepay" }), markedAt);
    clockMovesOn(DAY_MS);
    const during = await purchase("nobepay", MARKED_EARLIER, "9.00");
    clockMovesOn(MISSING_FOR_DAYS * DAY_MS);
    await purchase("nobepay", OTHER.nobepay, "5.00");
    await pull("nobepay");
    // What a sweep left that dropped a marked card from its progress: nothing owed, and its start long past the mark.
    const owedPath = `{cardsBehind,${MARKED_EARLIER}}`;
    await db.execute(sql`update transaction_sync_states set state = state #- ${owedPath}::text[] where provider_account_id = ${accountId}`);
    expect((await getTransactionSyncState(db, accountId))!.lastSeenAt!.getTime()).toBeGreaterThan(markedAt.getTime() + MISSING_FOR_DAYS * DAY_MS);

    const stillMarked = await pull("nobepay");
    expect(stillMarked.asked[MARKED_EARLIER] ?? 0).toBe(0);
    expect((await getTransactionSyncState(db, accountId))!.state.cardsBehind?.[MARKED_EARLIER]).toBe(addDays(formatUtcDate(markedAt), -SWEEP_OVERLAP_DAYS));

    await syncAccountCards(db, accountId);
    expect((await findCardByProviderId(db, { providerAccountId: accountId, providerCardId: MARKED_EARLIER }))!.providerMissingSince).toBeNull();
    await pull("nobepay");
    expect(await storedIds(db, accountId)).toContain(during);
    expect((await getTransactionSyncState(db, accountId))!.state.cardsBehind?.[MARKED_EARLIER]).toBeUndefined();
  }, 60_000);
});

describe("Cardepass and Card OPEN-API cards the provider knows again after they were missing", () => {
  it("had their rows of that period read with the account's list all along", async () => {
    for (const provider of ["cardepass", "cardopenapi"] as const) {
      expect(storedBeforeFound[provider], provider).toBe(true);
      const [row] = await database
        .db()
        .select({ cardId: transactions.cardId })
        .from(transactions)
        .where(and(eq(transactions.providerAccountId, accountIds[provider]!), eq(transactions.providerTransactionId, madeWhileMissing[provider]!)));
      const [card] = await database.db().select({ id: cards.id }).from(cards).where(eq(cards.providerCardId, MISSING[provider]));
      expect(row?.cardId, provider).toBe(card!.id);
    }
  });
});
