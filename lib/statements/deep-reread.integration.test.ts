/**
 * A provider posts lines late (a settlement or a refund dated days earlier) or lists them only later: the frequent run,
 * which reads from its last read minus a few days, never asks for them. The daily deep re-read does. The sandbox's
 * back-fill (`POST /_sandbox/activity/backfill`) posts such lines: purchases dated up to 60 days back, after the first read.
 */
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { findProviderAccount, listProviderAccounts, toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { providerStatements } from "@/db/schema/provider-statements";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { silentLogger } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import type { TransactionQuery } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { syncAccountStatements } from "./sync-statements";

/** Every funding-ledger query the sync sends (the card ledgers' too, with their card id). */
const queries: TransactionQuery[] = [];
/** When set, the next ledger query waits for it before going to the provider. */
let holdNextQuery: Promise<void> | null = null;

vi.mock("@/lib/providers/for-account", () => ({
  providerForAccount: async (db: never, accountId: string): Promise<CardProvider> => {
    const row = await findProviderAccount(db, accountId);
    const provider = createProvider(toProviderAccountConfig(row!), { tokenCache: new TokenCache(), http: { logger: silentLogger } });
    return new Proxy(provider, {
      get(target, property, receiver) {
        if (property !== "accountLogs") return Reflect.get(target, property, receiver);
        return async (query: TransactionQuery = {}) => {
          queries.push(query);
          const held = holdNextQuery;
          holdNextQuery = null;
          await held;
          return target.accountLogs(query);
        };
      },
    });
  },
}));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let account = "";
const SHARE = "66a0c0de0000000000000001";
const STANDARD = "66a0c0de0000000000000003";
const DAY = 86_400_000;

/** The provider's whole funding ledger, read straight from the adapter with no dates. */
async function providerLines(): Promise<Map<string, Date | null>> {
  const provider = createProvider(toProviderAccountConfig((await findProviderAccount(db(), account))!), { tokenCache: new TokenCache(), http: { logger: silentLogger } });
  const lines = new Map<string, Date | null>();
  let cursor: string | undefined;
  for (;;) {
    const page = await provider.accountLogs({ cursor, pageSize: 100 });
    for (const log of page.items) lines.set(log.providerLogId, log.occurredAt);
    if (!page.nextCursor) return lines;
    cursor = page.nextCursor;
  }
}

const storedRows = () => db().select().from(providerStatements).where(and(eq(providerStatements.providerAccountId, account), eq(providerStatements.source, "account")));
const storedIds = async () => new Set((await storedRows()).map((row) => row.providerLogId));
const deepHealth = () => findSyncHealth(db(), { providerAccountId: account, kind: "statements.deep" });

/** A day passes: every ledger's last deep read moves a day and an hour back. */
async function aDayLater(): Promise<void> {
  const walks = await db()
    .select()
    .from(providerSyncStatus)
    .where(and(eq(providerSyncStatus.providerAccountId, account), like(providerSyncStatus.kind, "walk:statements-deep:%")));
  expect(walks.length).toBeGreaterThan(0);
  for (const walk of walks) {
    await db()
      .update(providerSyncStatus)
      .set({ lastSuccessAt: new Date(walk.lastSuccessAt!.getTime() - 25 * 3600_000) })
      .where(and(eq(providerSyncStatus.providerAccountId, account), eq(providerSyncStatus.kind, walk.kind)));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  const accounts = await listProviderAccounts(db());
  const cardepass = accounts.find((a) => a.provider === "cardepass")!;
  account = cardepass.id;
  for (const [providerCardId, cardModel] of [[SHARE, "sharebalance"], [STANDARD, "standard"]] as const) {
    await insertCard(db(), { organizationId: cardepass.organizationId, providerAccountId: account, providerCardId, cardModel, alias: providerCardId, currency: "USD", status: "active" });
  }
});
afterAll(() => sandbox?.close());

describe("Cardepass funding ledger", () => {
  it("the first read reaches back to the provider's oldest line, asking at most 90 days per query with both dates", async () => {
    queries.length = 0;
    expect(await syncAccountStatements(db(), account)).toEqual({ ok: true, lines: expect.any(Number) });
    const provider = await providerLines();
    // The seeded history is dated April 2025, well beyond one 3-month query window.
    const oldest = Math.min(...[...provider.values()].map((at) => at!.getTime()));
    expect(oldest).toBeLessThan(Date.now() - 365 * DAY);
    expect([...(await storedIds())].sort()).toEqual([...provider.keys()].sort());

    // cardepass-v1.md marks TransactionDateFrom and TransactionDateTo "是" (required): every query, the one-line
    // "anything older?" question included.
    const funding = queries.filter((q) => !q.cardId);
    for (const query of funding) {
      expect(query.from, JSON.stringify(query)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(query.to, JSON.stringify(query)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(funding.some((q) => q.pageSize === 1)).toBe(true);
    const windows = funding.filter((q) => q.pageSize !== 1);
    expect(windows.length).toBeGreaterThan(4);
    // cardepass-v2.md: "查询时间范围不建议超过3个月".
    for (const query of windows) expect((Date.parse(query.to!) - Date.parse(query.from!)) / DAY + 1).toBeLessThanOrEqual(90);
  });

  it("a line the provider lists after the first read, dated before the frequent run's window, is missing after a normal run and stored by the daily deep re-read", async () => {
    const backfill = await fetch(`${sandbox.url}/_sandbox/activity/backfill`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ days: 60 }) });
    expect(backfill.status).toBe(200);
    const provider = await providerLines();
    const lastRead = (await findSyncHealth(db(), { providerAccountId: account, kind: "statements" })).lastSuccessAt!;

    // The frequent run: from its last read minus 3 days. Within the day, no deep re-read is due.
    expect(await syncAccountStatements(db(), account)).toMatchObject({ ok: true });
    const held = await storedIds();
    const late = [...provider.keys()].filter((id) => !held.has(id));
    expect(late.length).toBeGreaterThan(5);
    for (const id of late) expect(provider.get(id)!.getTime()).toBeLessThan(lastRead.getTime() - 3 * DAY);

    await aDayLater();
    const before = (await deepHealth()).lastSuccessAt;
    expect(await syncAccountStatements(db(), account)).toMatchObject({ ok: true });
    expect([...(await storedIds())].sort()).toEqual([...provider.keys()].sort());
    // Finance sees when it ran (the /funding statement's "full re-read …").
    const after = (await deepHealth()).lastSuccessAt!;
    expect(after.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
    expect(after.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("a deep re-read stores no line twice and changes no stored line, and the next one is due only a day later", async () => {
    const before = await storedRows();
    await aDayLater();
    queries.length = 0;
    expect(await syncAccountStatements(db(), account)).toMatchObject({ ok: true });
    // It did read the ledger 90 days back again, not just the last few days.
    const deep = queries.filter((q) => !q.cardId && q.from && Date.parse(q.from) <= Date.now() - 85 * DAY);
    expect(deep.length).toBeGreaterThan(0);
    const after = await storedRows();
    const byId = (rows: typeof before) => [...rows].sort((a, b) => a.providerLogId.localeCompare(b.providerLogId));
    expect(new Set(after.map((row) => row.providerLogId)).size).toBe(after.length);
    expect(byId(after)).toEqual(byId(before));

    queries.length = 0;
    expect(await syncAccountStatements(db(), account)).toMatchObject({ ok: true });
    expect(queries.filter((q) => !q.cardId && q.from && Date.parse(q.from) <= Date.now() - 85 * DAY)).toEqual([]);
  });

  it("two reads of one account run one after the other: the second starts only once the first is done", async () => {
    let release = () => {};
    holdNextQuery = new Promise<void>((resolve) => (release = resolve));
    queries.length = 0;
    const first = syncAccountStatements(db(), account);
    await expect.poll(() => queries.length).toBe(1);
    // An order settled meanwhile: its read of the same account waits for the lock instead of walking the same ledgers.
    const second = syncAccountStatements(db(), account);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(queries).toHaveLength(1);
    release();
    expect(await first).toMatchObject({ ok: true });
    const firstQueries = queries.length;
    expect(await second).toMatchObject({ ok: true });
    expect(queries.length).toBeGreaterThan(firstQueries);
  });

  it("a read whose lock cannot be taken fails for this account alone, with the reason, instead of ending every account's run", async () => {
    const noConnection = new Proxy(db(), {
      get: (target, property, receiver) =>
        property === "$client" ? { options: { connectionString: "postgres://postgres:postgres@127.0.0.1:1/cardhub" } } : Reflect.get(target, property, receiver),
    });
    expect(await syncAccountStatements(noConnection, account)).toEqual({ ok: false, lines: 0, message: "This account's statements could not be read: connect ECONNREFUSED 127.0.0.1:1." });
  });
});
