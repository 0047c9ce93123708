/**
 * A provider lists rows late with a date well before the newest row seen (an offline or force-posted transaction, a
 * batch delayed over a weekend): each sweep starts 2 days before the newest row it saw, so it never asks for them. Once
 * a day each account's last 90 days are read again, as the statements' are (lib/statements/deep-read.ts): NobePay's
 * card by card, as it lists them, since a webhook that never came leaves its per-card reads the only way in. The
 * sandbox's back-fill (`POST /_sandbox/activity/backfill`) lists such rows, dated up to 10 days back, after a finished
 * sweep, with no NobePay webhook. The oracle is the provider's whole list read straight from its pages.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findSyncHealth, listBackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { findWalkCheckpoint } from "@/db/queries/sync-walks";
import { oldestOpenAuthorisation } from "@/db/queries/transactions-ingest";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { transactionTotalsFromRows } from "@/db/queries/transactions";
import { type ProviderName } from "@/db/schema/provider-accounts";
import { formatUtcDate } from "@/lib/format";
import { BACKGROUND_SYNC_LABELS } from "@/lib/provider-accounts/background-sync";
import { readFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { providerForAccount } from "@/lib/providers/for-account";
import type { CardProvider } from "@/lib/providers/interface";
import type { Transaction, TransactionQuery } from "@/lib/providers/types";
import { deepReadFrom } from "@/lib/statements/deep-read";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { whileInsertsRefusedWhere } from "@/test/refused-inserts";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { accountOf, listEverything as listAll, sandboxAdmin, storedIds, withList } from "@/test/transaction-sync";
import { syncAccountTransactions, type SyncOptions } from "./sync-account";
import { openAuthorisationHorizon, sweepStart } from "./sync-window";

const database = withTestDatabase();
const db = () => database.db();
const sandbox = withSeededSandbox(db);
const DAY = 86_400_000;
/** provider_sync_status kind of the re-read, as the accounts page lists it. */
const TRANSACTIONS_DEEP_SYNC = "transactions.deep";
const CARDS: Record<"cardepass" | "cardopenapi", string> = { cardepass: "66a0c0de0000000000000001", cardopenapi: "5f1d0c9e8b7a6f5e4d3c2b1a00000001" };
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0001";


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
    await sandboxAdmin(sandbox().url, "/purchase", { provider: name, cardId: CARDS[name], amount: "1.00", merchant: "GITHUB", settle: true });
    await run(name, start);
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 10 });
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
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 8 });
    const options = { pageSize: 2, deepPages: 2 };

    const first = await run(name, due, options);
    expect(first.asked.filter((query) => query.from === deepReadFrom(due)).length).toBe(2);
    expect((await checkpoint())?.position).not.toBeNull();
    // A purchase between two runs of the re-read is read by the next run's sweep, ahead of the re-read.
    const fresh = (await sandboxAdmin(sandbox().url, "/purchase", { provider: name, cardId: CARDS[name], amount: "2.00", merchant: "GITHUB", settle: true })) as { id: string };
    await run(name, new Date(due.getTime() + 60_000), options);
    expect((await storedIds(db(), account.id)).has(fresh.id)).toBe(true);
    for (let minute = 2; minute < 60 && (await checkpoint())?.position; minute += 1) await run(name, new Date(due.getTime() + minute * 60_000), options);
    expect(await checkpoint()).toMatchObject({ position: null, readUpTo: due });
    expect(await missing(name)).toEqual([]);
    expect((await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC })).lastSuccessAt).toEqual(due);
  });
});

describe("NobePay: a transaction listed late with an older date", () => {
  /** Everything the sandbox lists for NobePay's active cards, card by card (the oracle: NobePay lists per card only). */
  async function nobepayHistory(): Promise<Transaction[]> {
    const real = await providerForAccount(db(), (await accountOf(db(), "nobepay")).id);
    const active = ((await sandboxAdmin(sandbox().url, "/state")).activeCards as Record<string, string[]>).nobepay!;
    return (await Promise.all(active.map((cardId) => listAll(real, { cardId })))).flat();
  }

  /** The first day a sweep of the account starting now reads, as sync-context.ts newSweepStart works it out. */
  async function sweepFrom(accountId: string, now: Date): Promise<string> {
    const { lastSeenAt } = (await getTransactionSyncState(db(), accountId))!;
    return sweepStart({ now, lastSeenAt, oldestOpenAuthorisation: await oldestOpenAuthorisation(db(), { providerAccountId: accountId, since: openAuthorisationHorizon(now) }) });
  }

  async function notStored(items: Transaction[]): Promise<string[]> {
    const stored = await storedIds(db(), (await accountOf(db(), "nobepay")).id);
    return items.map((item) => item.providerTransactionId).filter((id) => !stored.has(id));
  }

  const checkpoint = async () => findWalkCheckpoint(db(), { providerAccountId: (await accountOf(db(), "nobepay")).id, listing: "transactions-deep" });

  it("is stored once by the daily re-read of the last 90 days, and the daily totals count it once", async () => {
    const account = await accountOf(db(), "nobepay");
    // Cards taken in shortly before a sweep listed them are read back to the backfill floor once more (sync-pages.ts,
    // LISTING_MARGIN_MS); the demo's were imported moments ago: make them a day old, as cards of a running account are.
    await db().execute(sql`update cards set created_at = created_at - interval '1 day' where provider_account_id = ${account.id}`);
    const start = new Date();
    await sandboxAdmin(sandbox().url, "/purchase", { provider: "nobepay", cardId: NOBEPAY_CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    // The account's first pull reads every card back to the backfill floor.
    await run("nobepay", start);
    const listedBefore = new Set((await nobepayHistory()).map((item) => item.providerTransactionId));
    // NobePay lists transactions late, dated up to 10 days back, and sends no webhook for them (sandbox/backfill.ts).
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 10 });
    const late = (await nobepayHistory()).filter((item) => !listedBefore.has(item.providerTransactionId));
    // The minute's runs of the same day: each card's read starts 2 days before the newest row (or an open hold), and
    // the re-read is not due. The rows listed late before that start are left out.
    const firstSweepFrom = await sweepFrom(account.id, start);
    for (let minute = 1; minute <= 3; minute += 1) await run("nobepay", new Date(start.getTime() + minute * 60_000));
    const from = [firstSweepFrom, await sweepFrom(account.id, start)].reduce((a, b) => (a < b ? a : b));
    const backDated = late.filter((item) => formatUtcDate((item.authorizedAt ?? item.settledAt ?? item.occurredAt)!) < from);
    expect(backDated.length).toBeGreaterThan(0);
    expect((await notStored(backDated)).length).toBe(backDated.length);

    // A day later: every card's list is read again back to deepReadFrom, and the back-dated rows are stored, once.
    const dayLater = new Date(start.getTime() + DAY + 60_000);
    await run("nobepay", dayLater);
    expect(await notStored(late)).toEqual([]);
    const [{ rows }] = (
      await db().execute<{ rows: string }>(
        sql`select count(*)::text as rows from transactions where provider_account_id = ${account.id} and provider_transaction_id in (${sql.join(
          backDated.map((item) => sql`${item.providerTransactionId}`),
          sql`, `,
        )})`,
      )
    ).rows as [{ rows: string }];
    expect(Number(rows)).toBe(backDated.length);
    const days = [...new Set(backDated.map((item) => formatUtcDate(item.occurredAt!)))];
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, days });
    const health = await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    expect(health).toMatchObject({ lastSuccessAt: dayLater, lastError: null });

    // The next day's re-read stores nothing new and leaves the totals as they are.
    const [before] = await transactionTotalsFromRows(db(), { organizationId: account.organizationId, visibility: { all: true }, filters: { accountId: account.id } });
    const nextDay = await run("nobepay", new Date(dayLater.getTime() + DAY + 60_000));
    expect(nextDay.summary.inserted).toBe(0);
    const [after] = await transactionTotalsFromRows(db(), { organizationId: account.organizationId, visibility: { all: true }, filters: { accountId: account.id } });
    expect(after).toEqual(before);
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, days });
  }, 60_000);

  it("goes on card after card where it stopped in the next runs", async () => {
    const account = await accountOf(db(), "nobepay");
    const due = new Date((await checkpoint())!.readUpTo!.getTime() + DAY + 60_000);
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 8 });
    const options = { pageSize: 2, deepPages: 2 };

    await run("nobepay", due, options);
    expect((await checkpoint())?.position).not.toBeNull();
    for (let minute = 1; minute < 200 && (await checkpoint())?.position; minute += 1) await run("nobepay", new Date(due.getTime() + minute * 60_000), options);
    expect(await checkpoint()).toMatchObject({ position: null, readUpTo: due });
    expect(await notStored(await nobepayHistory())).toEqual([]);
    expect((await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC })).lastSuccessAt).toEqual(due);
  }, 60_000);

  it("skips a card whose read fails inside Cardhub, names it in the re-read's status, reads the other cards, and reads it again the next day", async () => {
    const account = await accountOf(db(), "nobepay");
    const before = await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    const due = new Date((await checkpoint())!.readUpTo!.getTime() + DAY + 60_000);
    const listedBefore = new Set((await nobepayHistory()).map((item) => item.providerTransactionId));
    await sandboxAdmin(sandbox().url, "/activity/backfill", { days: 10 });
    const from = await sweepFrom(account.id, due);
    const backDated = (await nobepayHistory()).filter(
      (item) => !listedBefore.has(item.providerTransactionId) && formatUtcDate((item.authorizedAt ?? item.settledAt ?? item.occurredAt)!) < from,
    );
    // One odd back-dated row the database refuses: only the re-read writes it, and its card's page goes back whole.
    const odd = backDated[0]!;
    const others = backDated.filter((item) => item.providerCardId !== odd.providerCardId);
    expect(others.length).toBeGreaterThan(0);
    const alias = (await findCardByProviderId(db(), { providerAccountId: account.id, providerCardId: odd.providerCardId! }))!.alias;

    await whileInsertsRefusedWhere(db(), { table: "transactions", column: "provider_transaction_id", equals: odd.providerTransactionId }, "ledger row refused", () =>
      run("nobepay", due),
    );

    expect(await notStored(others)).toEqual([]);
    expect(await notStored([odd])).toEqual([odd.providerTransactionId]);
    const health = await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    expect(health.lastError).toBe(`Card "${alias}" (${odd.providerCardId}): ${readFailureText(new Error("ledger row refused"))}`);
    expect(health.lastSuccessAt).toEqual(before.lastSuccessAt);
    expect(await checkpoint()).toMatchObject({ position: null, readUpTo: due });
    expect((await getTransactionSyncState(db(), account.id))!.lastError).toBeNull();

    // The next day's re-read reads the card again, and the re-read's status is clear.
    const nextDay = new Date(due.getTime() + DAY + 60_000);
    await run("nobepay", nextDay);
    expect(await notStored(backDated)).toEqual([]);
    expect(await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC })).toMatchObject({ lastSuccessAt: nextDay, lastError: null });
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id });
  }, 60_000);
});
