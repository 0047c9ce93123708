/**
 * A provider lists rows late with a date well before the newest row seen (an offline or force-posted transaction, a
 * batch delayed over a weekend): each sweep starts 2 days before the newest row it saw, so it never asks for them. Once
 * a day each Cardepass and Card OPEN-API account's last 90 days are read again, as the statements' are
 * (lib/statements/deep-read.ts). The sandbox's back-fill (`POST /_sandbox/activity/backfill`) lists such rows: dated up to
 * 10 days back, after a finished sweep. The oracle is the provider's whole list read straight from its pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSyncHealth, listBackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { findWalkCheckpoint } from "@/db/queries/sync-walks";
import { transactionTotalsFromRows } from "@/db/queries/transactions";
import { type ProviderName } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { BACKGROUND_SYNC_LABELS } from "@/lib/provider-accounts/background-sync";
import { providerForAccount } from "@/lib/providers/for-account";
import type { CardProvider } from "@/lib/providers/interface";
import type { Transaction, TransactionQuery } from "@/lib/providers/types";
import { deepReadFrom } from "@/lib/statements/deep-read";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { accountOf, sandboxAdmin, storedIds, withList } from "@/test/transaction-sync";
import { syncAccountTransactions, type SyncOptions } from "./sync-account";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const DAY = 86_400_000;
/** provider_sync_status kind of the re-read, as the accounts page lists it. */
const TRANSACTIONS_DEEP_SYNC = "transactions.deep";
const CARDS: Record<"cardepass" | "cardopenapi", string> = { cardepass: "66a0c0de0000000000000001", cardopenapi: "5f1d0c9e8b7a6f5e4d3c2b1a00000001" };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

/** One run of the account's pull at `now`, with every query it sends to the provider recorded. */
async function run(name: ProviderName, now: Date, options: SyncOptions = {}) {
  const account = await accountOf(db(), name);
  const real = await providerForAccount(db(), account.id);
  const asked: TransactionQuery[] = [];
  const provider = withList(real, (query) => {
    asked.push(query);
    return real.listTransactions(query);
  });
  const summary = await syncAccountTransactions(db(), account.id, { ...options, now, provider });
  return { summary, asked };
}

/** The provider's whole list, read straight from its pages at the largest page both documents allow (the oracle). */
async function listEverything(provider: CardProvider): Promise<Transaction[]> {
  const all: Transaction[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await provider.listTransactions({ cursor, pageSize: 100 });
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}

async function missing(name: ProviderName): Promise<string[]> {
  const account = await accountOf(db(), name);
  const listed = await listEverything(await providerForAccount(db(), account.id));
  const stored = await storedIds(db(), account.id);
  return listed.filter((t) => !stored.has(t.providerTransactionId)).map((t) => t.providerTransactionId);
}

describe.each(["cardepass", "cardopenapi"] as const)("%s: rows listed late with an older date", (name) => {
  it("are stored by the daily re-read of the last 90 days, which runs once a day and changes nothing already right", async () => {
    const account = await accountOf(db(), name);
    const start = new Date();
    await sandboxAdmin(sandbox.url, "/purchase", { provider: name, cardId: CARDS[name], amount: "1.00", merchant: "GITHUB", settle: true });
    await run(name, start);
    await sandboxAdmin(sandbox.url, "/activity/backfill", { days: 10 });
    // The minute's runs of the same day: the sweep does not reach back, and the day's re-read is not due yet.
    for (let minute = 1; minute <= 3; minute += 1) {
      const { asked } = await run(name, new Date(start.getTime() + minute * 60_000));
      expect(asked.every((query) => query.from! > deepReadFrom(start))).toBe(true);
    }
    expect((await missing(name)).length).toBeGreaterThan(0);

    // A day later: the last 90 days are read again, from deepReadFrom (the statements' window) to the provider's today.
    const dayLater = new Date(start.getTime() + DAY + 60_000);
    const { asked } = await run(name, dayLater);
    expect(await missing(name)).toEqual([]);
    expect(asked.some((query) => query.from === deepReadFrom(dayLater))).toBe(true);
    const health = await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    expect(health.lastSuccessAt?.toISOString()).toBe(dayLater.toISOString());
    const shown = (await listBackgroundSyncHealth(db(), { organizationId: account.organizationId })).find((read) => read.accountId === account.id && read.kind === TRANSACTIONS_DEEP_SYNC);
    expect(shown?.lastSuccessAt?.toISOString()).toBe(dayLater.toISOString());
    expect(BACKGROUND_SYNC_LABELS[TRANSACTIONS_DEEP_SYNC as keyof typeof BACKGROUND_SYNC_LABELS]).toBe("Transactions, full re-read of the last 90 days");

    // Not again within the day; again the next day, storing nothing new and leaving the totals as they are.
    const sameDay = await run(name, new Date(dayLater.getTime() + 3_600_000));
    expect(sameDay.asked.some((query) => query.from === deepReadFrom(dayLater))).toBe(false);
    const [before] = await transactionTotalsFromRows(db(), { organizationId: account.organizationId, visibility: { all: true }, filters: { accountId: account.id } });
    const nextDay = await run(name, new Date(dayLater.getTime() + DAY + 60_000));
    expect(nextDay.asked.some((query) => query.from === deepReadFrom(new Date(dayLater.getTime() + DAY + 60_000)))).toBe(true);
    expect(nextDay.summary.inserted).toBe(0);
    const [after] = await transactionTotalsFromRows(db(), { organizationId: account.organizationId, visibility: { all: true }, filters: { accountId: account.id } });
    expect(after).toEqual(before);
  });
});

describe("a re-read longer than one run's share", () => {
  it("goes on where it stopped in the next runs, while each run still reads the newest rows first", async () => {
    const name = "cardopenapi";
    const account = await accountOf(db(), name);
    const checkpoint = () => findWalkCheckpoint(db(), { providerAccountId: account.id, listing: "transactions-deep" });
    const base = (await checkpoint())!.readUpTo!;
    const due = new Date(base.getTime() + DAY + 60_000);
    await sandboxAdmin(sandbox.url, "/activity/backfill", { days: 8 });
    const options = { pageSize: 2, deepPages: 2 };

    const first = await run(name, due, options);
    expect(first.asked.filter((query) => query.from === deepReadFrom(due)).length).toBe(2);
    expect((await checkpoint())?.position).not.toBeNull();
    // A purchase between two runs of the re-read is read by the next run's sweep, ahead of the re-read.
    const fresh = (await sandboxAdmin(sandbox.url, "/purchase", { provider: name, cardId: CARDS[name], amount: "2.00", merchant: "GITHUB", settle: true })) as { id: string };
    await run(name, new Date(due.getTime() + 60_000), options);
    expect((await storedIds(db(), account.id)).has(fresh.id)).toBe(true);
    for (let minute = 2; minute < 60 && (await checkpoint())?.position; minute += 1) await run(name, new Date(due.getTime() + minute * 60_000), options);
    expect(await checkpoint()).toMatchObject({ position: null, readUpTo: due });
    expect(await missing(name)).toEqual([]);
    expect((await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC })).lastSuccessAt).toEqual(due);
  });
});

describe("NobePay", () => {
  it("has no re-read of its own: its webhooks and per-card reads are its backstop", async () => {
    const account = await accountOf(db(), "nobepay");
    await run("nobepay", new Date());
    await run("nobepay", new Date(Date.now() + DAY + 60_000));
    const health = await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    expect(health.lastSuccessAt).toBeNull();
    expect(await findWalkCheckpoint(db(), { providerAccountId: account.id, listing: "transactions-deep" })).toBeNull();
  });
});

