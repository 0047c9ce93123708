import { and, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { oldestOpenAuthorisation, oldestOpenAuthorisationQuery } from "@/db/queries/transactions-ingest";
import { claimTransactionSync, getTransactionSyncState, releaseTransactionSync, rewindTransactionSync, SyncLeaseLostError } from "@/db/queries/transactions-sync";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { formatUtcDate } from "@/lib/format";
import { ProviderError } from "@/lib/providers/errors";
import { providerForAccount } from "@/lib/providers/for-account";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { accountOf, deferred, forgetPull, listEverything, purchases, sandboxAdmin, storedIds, withList } from "@/test/transaction-sync";
import { syncAccountTransactions } from "./sync-account";
import { addDays, INITIAL_BACKFILL_DAYS } from "./sync-window";
import { planNodes } from "@/test/query-plan";

const database = withTestDatabase();
const sandbox = withSeededSandbox(database.db);
const DAY_MS = 86_400_000;
const GONE = "c_0000000000000000gone";
const MISSING = "c_0000000000000000miss";
const FLAKY = "c_8f3a1c0e5b7d4a2f0002";

const missingFrom = (expected: { providerTransactionId: string }[], stored: Set<string>) =>
  expected.map((item) => item.providerTransactionId).filter((id) => !stored.has(id));

/** Everything the sandbox lists for NobePay's active cards (the oracle for a NobePay pull). */
async function nobepayHistory(accountId: string) {
  const real = await providerForAccount(database.db(), accountId);
  const active = ((await sandboxAdmin(sandbox().url, "/state")).activeCards as Record<string, string[]>).nobepay!;
  return (await Promise.all(active.map((cardId) => listEverything(real, { cardId })))).flat();
}

/** Microseconds: JavaScript dates would round two renewals within one millisecond together. */
async function leaseMicros(accountId: string): Promise<bigint> {
  const result = await database
    .db()
    .execute<{ us: string }>(sql`select (extract(epoch from lease_until) * 1000000)::bigint::text as us from transaction_sync_states where provider_account_id = ${accountId}`);
  return BigInt(result.rows[0]!.us);
}

describe("NobePay cards that cannot be read", () => {
  it("skips a card marked missing, records and steps over one the provider no longer knows, and reads the others", async () => {
    const nobepay = await accountOf(database.db(), "nobepay");
    await forgetPull(database.db(), nobepay.id);
    const card = { organizationId: nobepay.organizationId, providerAccountId: nobepay.id, cardModel: "prepaid" as const, currency: "USD", status: "active" as const };
    // Both sort before every real card, so a card that stopped the pull would stop it before all of them.
    await insertCard(database.db(), { ...card, providerCardId: GONE, alias: "Gone card" });
    await insertCard(database.db(), { ...card, providerCardId: MISSING, alias: "Missing card", providerMissingSince: new Date() });
    const real = await providerForAccount(database.db(), nobepay.id);
    const asked: string[] = [];
    const spy = withList(real, (query) => {
      asked.push(query.cardId!);
      return real.listTransactions(query);
    });

    const summary = await syncAccountTransactions(database.db(), nobepay.id, { provider: spy });

    expect(asked).toContain(GONE);
    expect(asked).not.toContain(MISSING);
    const expected = await nobepayHistory(nobepay.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(summary.inserted).toBe(expected.length);
    expect(missingFrom(expected, await storedIds(database.db(), nobepay.id))).toEqual([]);
    const state = await getTransactionSyncState(database.db(), nobepay.id);
    expect(state!.lastError).toContain(GONE);
    expect(state!.lastError).toContain("Gone card");
    expect(state!.lastSeenAt).not.toBeNull();
    expect(state!.lastSuccessAt).toBeNull();
    // The marked card is not asked, but keeps the start its read will owe once the provider knows it again.
    const floor = addDays(formatUtcDate(new Date()), -INITIAL_BACKFILL_DAYS);
    expect(state!.state).toEqual({ cardsBehind: { [GONE]: floor, [MISSING]: floor }, cardsCoveredBefore: expect.any(String) });
  }, 60_000);

  it("reads a card whose read failed from the start it still needed, in the next sweep, while the others moved on", async () => {
    const nobepay = await accountOf(database.db(), "nobepay");
    await forgetPull(database.db(), nobepay.id);
    await database.db().update(cards).set({ providerMissingSince: new Date() }).where(eq(cards.providerCardId, GONE));
    const real = await providerForAccount(database.db(), nobepay.id);
    let failing = true;
    const flaky = withList(real, async (query) => {
      if (failing && query.cardId === FLAKY) throw new ProviderError("unavailable", { provider: "nobepay" });
      return real.listTransactions(query);
    });

    await syncAccountTransactions(database.db(), nobepay.id, { provider: flaky });
    const first = await getTransactionSyncState(database.db(), nobepay.id);
    expect(first).toMatchObject({ lastSuccessAt: null, state: { cardsBehind: { [FLAKY]: addDays(formatUtcDate(new Date()), -INITIAL_BACKFILL_DAYS) } } });
    expect(first!.lastError).toContain(FLAKY);
    // The other cards moved on: the next sweep starts two days before their newest row.
    expect(first!.lastSeenAt).not.toBeNull();
    const flakyHistory = await listEverything(real, { cardId: FLAKY });
    expect(flakyHistory.some((item) => item.authorizedAt && item.authorizedAt.getTime() < first!.lastSeenAt!.getTime() - 3 * DAY_MS)).toBe(true);

    failing = false;
    await syncAccountTransactions(database.db(), nobepay.id, { provider: flaky });
    expect(missingFrom(flakyHistory, await storedIds(database.db(), nobepay.id))).toEqual([]);
    const second = await getTransactionSyncState(database.db(), nobepay.id);
    expect(second).toMatchObject({ state: {}, lastError: null });
    expect(second!.lastSuccessAt).not.toBeNull();
  }, 60_000);
});

describe("the pull lease", () => {
  it("a run that outlived its lease neither frees nor overwrites the lease of the run that took over", async () => {
    const target = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), target.id);
    const real = await providerForAccount(database.db(), target.id);
    const held = (entered: ReturnType<typeof deferred>, gate: ReturnType<typeof deferred>) =>
      withList(real, async (query) => {
        entered.resolve();
        await gate.promise;
        return real.listTransactions(query);
      });
    const [enteredA, gateA, enteredB, gateB] = [deferred(), deferred(), deferred(), deferred()];

    const runA = syncAccountTransactions(database.db(), target.id, { provider: held(enteredA, gateA), pageSize: 3 });
    await enteredA.promise;
    // A is stuck past its lease: B takes the account over.
    await database.db().execute(sql`update transaction_sync_states set lease_until = now() - interval '1 second' where provider_account_id = ${target.id}`);
    const runB = syncAccountTransactions(database.db(), target.id, { provider: held(enteredB, gateB), pageSize: 3 });
    await enteredB.promise;
    gateA.resolve();
    await expect(runA).rejects.toBeInstanceOf(SyncLeaseLostError);

    // B still holds the account: a third run asks the provider nothing, and A recorded nothing on B's row.
    const askedByC: unknown[] = [];
    const runC = await syncAccountTransactions(database.db(), target.id, {
      provider: withList(real, (query) => (askedByC.push(query), real.listTransactions(query))),
    });
    expect({ pages: runC.pages, asked: askedByC.length }).toEqual({ pages: 0, asked: 0 });
    const midway = await getTransactionSyncState(database.db(), target.id);
    expect({ lastError: midway!.lastError, lastSeenAt: midway!.lastSeenAt, state: midway!.state }).toEqual({ lastError: null, lastSeenAt: null, state: {} });
    expect(await leaseMicros(target.id)).toBeGreaterThan(BigInt(Date.now()) * 1000n);

    gateB.resolve();
    await runB;
    const done = await getTransactionSyncState(database.db(), target.id);
    expect(done).toMatchObject({ leaseUntil: null, lastError: null, state: {} });
    expect(done!.lastSuccessAt).not.toBeNull();
    expect(missingFrom(await listEverything(real), await storedIds(database.db(), target.id))).toEqual([]);
  }, 60_000);

  it("renews the lease with every page written", async () => {
    const target = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), target.id);
    const real = await providerForAccount(database.db(), target.id);
    const leases: bigint[] = [];
    const spy = withList(real, async (query) => {
      leases.push(await leaseMicros(target.id));
      return real.listTransactions(query);
    });
    const summary = await syncAccountTransactions(database.db(), target.id, { provider: spy, pageSize: 3 });
    expect(summary.pages).toBeGreaterThan(2);
    for (let index = 1; index < leases.length; index += 1) expect(leases[index]).toBeGreaterThan(leases[index - 1]!);
  }, 60_000);

  it("a rewind waits for the lease, keeps a failed card's own start, and frees the lease after", async () => {
    const nobepay = await accountOf(database.db(), "nobepay");
    await forgetPull(database.db(), nobepay.id);
    const real = await providerForAccount(database.db(), nobepay.id);
    const flaky = withList(real, async (query) => {
      if (query.cardId === FLAKY) throw new ProviderError("unavailable", { provider: "nobepay" });
      return real.listTransactions(query);
    });
    await syncAccountTransactions(database.db(), nobepay.id, { provider: flaky });
    const before = await getTransactionSyncState(database.db(), nobepay.id);
    const since = new Date(before!.lastSeenAt!.getTime() - DAY_MS);

    const lease = await claimTransactionSync(database.db(), nobepay.id, 60_000);
    expect(await rewindTransactionSync(database.db(), nobepay.id, since, 0)).toBe(false);
    await releaseTransactionSync(database.db(), lease!);
    expect(await rewindTransactionSync(database.db(), nobepay.id, since, 0)).toBe(true);

    const after = await getTransactionSyncState(database.db(), nobepay.id);
    expect(after).toMatchObject({ leaseUntil: null, lastSeenAt: since, state: { cardsBehind: before!.state.cardsBehind, cardsCoveredBefore: before!.state.cardsCoveredBefore } });
    expect(Object.keys(after!.state).sort()).toEqual(["cardsBehind", "cardsCoveredBefore"]);
  }, 60_000);
});

describe("open authorisations", () => {
  it("one left open for two years no longer pulls every sweep back to it; a recent one still does", async () => {
    const target = await accountOf(database.db(), "cardopenapi");
    await forgetPull(database.db(), target.id);
    await purchases(sandbox().url, "cardopenapi", "5f1d0c9e8b7a6f5e4d3c2b1a00000001", 1);
    await syncAccountTransactions(database.db(), target.id);
    const { lastSeenAt } = (await getTransactionSyncState(database.db(), target.id))!;
    const now = new Date();
    const authorised = (id: string, daysAgo: number) => ({
      organizationId: target.organizationId,
      providerAccountId: target.id,
      providerTransactionId: id,
      type: "purchase",
      status: "authorised" as const,
      amount: 100n,
      currency: "USD",
      occurredAt: new Date(now.getTime() - daysAgo * DAY_MS),
    });
    await database.db().insert(transactions).values(authorised("stale-open-auth", 700));
    const real = await providerForAccount(database.db(), target.id);
    const starts: string[] = [];
    const spy = withList(real, (query) => (starts.push(query.from!), real.listTransactions(query)));

    await syncAccountTransactions(database.db(), target.id, { provider: spy, now });
    expect(starts[0]).toBe(addDays(formatUtcDate(lastSeenAt!), -2));

    await database.db().insert(transactions).values(authorised("recent-open-auth", 10));
    starts.length = 0;
    await syncAccountTransactions(database.db(), target.id, { provider: spy, now });
    expect(starts[0]).toBe(addDays(formatUtcDate(new Date(now.getTime() - 10 * DAY_MS)), -2));
  }, 60_000);

  it("finds the oldest recent one through transactions_open_auth_idx, bounded inside the index", async () => {
    const target = await accountOf(database.db(), "cardopenapi");
    const now = Date.now();
    const rows = Array.from({ length: 4000 }, (_, index) => ({
      organizationId: target.organizationId,
      providerAccountId: target.id,
      providerTransactionId: `bulk-${index}`,
      type: "purchase",
      status: index % 40 === 0 ? ("authorised" as const) : ("settled" as const),
      amount: 100n,
      currency: "USD",
      occurredAt: new Date(now - (index % 800) * DAY_MS),
    }));
    for (let start = 0; start < rows.length; start += 1000) await database.db().insert(transactions).values(rows.slice(start, start + 1000));
    await database.db().execute(sql`analyze transactions`);
    const since = new Date(now - 45 * DAY_MS);

    const result = await database
      .db()
      .execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${oldestOpenAuthorisationQuery(database.db(), { providerAccountId: target.id, since })}`);
    const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
    const scan = nodes.find((node) => node["Index Name"] === "transactions_open_auth_idx");
    expect(scan?.["Index Cond"]).toContain("occurred_at >=");
    expect(nodes.filter((node) => node["Node Type"] === "Sort" || node["Node Type"] === "Seq Scan")).toEqual([]);

    const oldest = await oldestOpenAuthorisation(database.db(), { providerAccountId: target.id, since });
    expect(oldest!.getTime()).toBeGreaterThanOrEqual(since.getTime());
    expect(oldest!.getTime()).toBeLessThan(now - 30 * DAY_MS);
    await database.db().delete(transactions).where(and(eq(transactions.providerAccountId, target.id), like(transactions.providerTransactionId, "bulk-%")));
  }, 60_000);
});
