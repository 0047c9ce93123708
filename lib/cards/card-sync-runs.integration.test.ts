/**
 * How card syncs share the provider accounts: two runs never read one account at once (two workers, or a run pg-boss
 * gave up on and started again while it still ran), a provider that stops answering costs one timeout per account and
 * run instead of one per card, a run ends within its time budget and the next one begins with the accounts it did not
 * reach, and what a failed sync records says what happened without the failing query's values.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { syncCardsJob } from "@/lib/jobs/sync-cards-job";
import { MAX_RETRY_BUDGET_MS, MAX_TIMEOUT_MS } from "@/lib/providers/config";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { CARD_SYNC_RUN_BUDGET_MS, CARDS_SYNC, syncAllCards } from "./sync-account-cards";

const database = withTestDatabase();
let sandbox: RunningSandbox;
const db = () => database.db();

async function faults(body: object): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function cardSyncStatuses() {
  return db()
    .select({ accountId: providerSyncStatus.providerAccountId, label: providerAccounts.label, lastSuccessAt: providerSyncStatus.lastSuccessAt, lastError: providerSyncStatus.lastError })
    .from(providerSyncStatus)
    .innerJoin(providerAccounts, eq(providerAccounts.id, providerSyncStatus.providerAccountId))
    .where(eq(providerSyncStatus.kind, CARDS_SYNC));
}

async function accountOf(provider: string) {
  return (await listProviderAccounts(db())).find((account) => account.provider === provider)!;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
});
beforeEach(async () => {
  await faults({ latencyMs: 0, hangRate: 0 });
  await db().delete(providerSyncStatus).where(eq(providerSyncStatus.kind, CARDS_SYNC));
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card sync that fails inside Cardhub", () => {
  it("records and logs what happened without the failing query, its values, names or card numbers", async () => {
    // Every card import fails in the database (as the second of two imports of one card did on the unique key).
    await db().execute(sql`create function refuse_card_insert() returns trigger language plpgsql as $$ begin raise exception 'cards are read-only today'; end $$`);
    await db().execute(sql`create trigger refuse_card_insert before insert on cards for each row execute function refuse_card_insert()`);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let logged: string[] = [];
    try {
      await syncAllCards(db());
      logged = warn.mock.calls.map((call) => call.join(" ")).filter((line) => line.startsWith("[cards]"));
    } finally {
      warn.mockRestore();
      await db().execute(sql`drop trigger refuse_card_insert on cards`);
      await db().execute(sql`drop function refuse_card_insert()`);
    }
    const failing = (await cardSyncStatuses()).filter((status) => status.lastError);
    expect(failing.length).toBeGreaterThanOrEqual(1);
    for (const status of failing) {
      expect(status.lastError, status.label).toBe("An error inside Cardhub stopped this account's sync (Cardhub's log names it); the next sync tries again.");
    }
    expect(logged.length).toBeGreaterThanOrEqual(1);
    for (const line of logged) {
      expect(line).toContain("cards are read-only today");
      expect(line).not.toMatch(/params:|\d{6}\*{6}\d{4}|Grace Hopper/);
    }
  });
});

describe("two card syncs at once", () => {
  it("never read one account at once: the second skips the account the first is reading", async () => {
    // Every provider answers in 0.3 s, so the two runs are in the same account at the same time.
    await faults({ latencyMs: 300 });
    const [a, b] = await Promise.all([syncAllCards(db()), syncAllCards(db())]);
    const accounts = await listProviderAccounts(db(), { activeOnly: true });
    const statuses = await cardSyncStatuses();
    expect(statuses.map((status) => status.lastError)).toEqual(accounts.map(() => null));
    // (A run that finds an account free again reads it after the other: one after the other, never at once.)
    expect(a.skipped + b.skipped).toBeGreaterThanOrEqual(1);
    // Each card the providers list was imported once.
    const imported = await db().select({ targetId: auditLog.targetId }).from(auditLog).where(eq(auditLog.action, "card.imported"));
    const stored = await db().select({ id: cards.id }).from(cards);
    expect(imported.length).toBe(stored.length);
    expect(a.imported + b.imported).toBe(stored.length);
  });
});

describe("a provider that stops answering", () => {
  it("costs one timeout for its account, and the accounts after it are read", async () => {
    const cardepass = await accountOf("cardepass");
    // One attempt of 1 s (updatedAt moves so the adapter is built again with it).
    await db().update(providerAccounts).set({ settings: { timeoutMs: 1000, maxRetryMs: 0 }, updatedAt: new Date() }).where(eq(providerAccounts.id, cardepass.id));
    for (let i = 0; i < 4; i += 1) {
      await insertCard(db(), { organizationId: cardepass.organizationId, providerAccountId: cardepass.id, providerCardId: `hanging-card-${i}`, cardModel: "standard", alias: `Hanging ${i}`, currency: "USD", status: "active" });
    }
    await faults({ provider: "cardepass", hangRate: 1 });
    const started = Date.now();
    const summary = await syncAllCards(db());
    const tookMs = Date.now() - started;
    await faults({ provider: "cardepass", hangRate: 0 });

    expect(summary.failed).toBe(1);
    expect(tookMs).toBeLessThan(4000);
    const statuses = await cardSyncStatuses();
    const cardepassStatus = statuses.find((status) => status.accountId === cardepass.id);
    expect(cardepassStatus?.lastError).toMatch(/^1 card\(s\) could not be read: .*; reading stopped there, as the next cards would fail the same way; the next sync tries again$/);
    for (const status of statuses.filter((row) => row.accountId !== cardepass.id)) expect(status, status.label).toMatchObject({ lastError: null, lastSuccessAt: expect.any(Date) });
  });
});

describe("a card sync's time budget", () => {
  it("is what the job's expiry is made of: a run never outlives its job", () => {
    // The budget, then one more card read already under way: a token fetch and a request, each at the longest
    // timeout and retry budget an account may be given.
    expect(syncCardsJob.expireInSeconds! * 1000).toBeGreaterThanOrEqual(CARD_SYNC_RUN_BUDGET_MS + 2 * (MAX_TIMEOUT_MS + MAX_RETRY_BUDGET_MS));
  });

  it("ends a run that reaches it, and the next run begins with the accounts the last ones did not reach", async () => {
    await faults({ latencyMs: 200 });
    const accounts = await listProviderAccounts(db(), { activeOnly: true });
    const reached: string[][] = [];
    for (let run = 0; run < accounts.length; run += 1) {
      const before = new Set((await cardSyncStatuses()).map((status) => status.accountId));
      const summary = await syncAllCards(db(), { runBudgetMs: 100 });
      expect(summary.unfinished).toBeGreaterThanOrEqual(1);
      reached.push((await cardSyncStatuses()).map((status) => status.accountId).filter((id) => !before.has(id)));
    }
    // The first run stopped short of the last accounts; each later one began with an account not reached before.
    expect(reached[0]!.length).toBeLessThan(accounts.length);
    for (let run = 1; run < reached.length; run += 1) {
      const earlier = new Set(reached.slice(0, run).flat());
      if (earlier.size < accounts.length) expect(reached[run]!.some((id) => !earlier.has(id)), `run ${run + 1}`).toBe(true);
    }
    expect(new Set(reached.flat()).size).toBe(accounts.length);
    const cut = (await cardSyncStatuses()).filter((status) => status.lastError?.includes("ran out of its time"));
    expect(cut.length).toBeGreaterThanOrEqual(1);
    for (const status of cut) expect(status.lastError).toMatch(/[Tt]his sync ran out of its time before reading every card: the next sync goes on with the cards it did not read$/);
  });
});
