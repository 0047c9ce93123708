import { sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { listTransactions, transactionsVersion } from "@/db/queries/transactions";
import { lockAccountLedger, upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { visibilityFor, type VisibilityFilter } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { explainAll, recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { ledgerRow } from "@/test/rollup-fixtures";
import { sessionUserFor } from "@/test/session-user";

/**
 * The live-refresh token (GET /api/transactions/version, the card page's list): open pages poll it every few seconds
 * and refresh when it changes, so it must change whenever the rows a page shows do, whatever order writes commit in.
 */
const database = withTestDatabase();
const db = () => database.db();
let finance: SessionUser;
let accounts: { id: string }[] = [];

beforeAll(async () => {
  await seedOfflineDemo(db());
  finance = await sessionUserFor(db(), "finance@demo.test");
  accounts = (await listProviderAccounts(db())).filter((account) => account.organizationId === finance.organizationId);
});

const shownIds = async (visibility: VisibilityFilter) =>
  (await listTransactions(db(), { organizationId: finance.organizationId, visibility, filters: {}, limit: 50 })).rows.map((row) => row.providerTransactionId);

/** `count` settled USD purchases on the first account; each value an SQL expression of n, from 1 to count. */
async function insertGenerated(prefix: string, count: number, values: { occurredAt: SQL; updatedAt: SQL; owner?: SQL; team?: SQL; card?: SQL }) {
  await db().execute(sql`insert into ${transactions}
    (organization_id, provider_account_id, provider_transaction_id, type, status, status_rank, direction, amount,
     currency, occurred_at, updated_at, owner_user_id, team_id, card_id)
    select ${finance.organizationId}, ${accounts[0]!.id}, ${prefix}::text || n, 'purchase', 'settled', 3, 'debit', 100, 'USD',
      ${values.occurredAt}, ${values.updatedAt}, ${values.owner ?? sql`null::uuid`}, ${values.team ?? sql`null::uuid`}, ${values.card ?? sql`null::uuid`}
    from generate_series(1, ${count}::int) as n`);
}

/** The plan of one token read, with the rows it touched (EXPLAIN ANALYZE of each statement it sent). */
async function tokenReadPlan(visibility: VisibilityFilter, cardId?: string) {
  const { pool } = getConnection();
  const recorder = recordingDb(pool);
  const statements = await recorder.record(() => transactionsVersion(recorder.db, { organizationId: finance.organizationId, visibility, cardId }));
  expect(statements.length).toBeGreaterThan(0);
  return explainAll(pool, statements, true);
}

describe("transactionsVersion", () => {
  it("moves when a row commits after another account's later-stamped row was already seen", async () => {
    const visibility = visibilityFor(finance, "transaction.view")!;
    const org = finance.organizationId;
    const [a, b] = accounts;
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
    let wroteA!: () => void;
    const aWritten = new Promise<void>((resolve) => (wroteA = resolve));
    // Account A's sync page: its row is written (stamped now) but its transaction stays open.
    const pageA = db().transaction(async (tx) => {
      await lockAccountLedger(tx, a!.id);
      await upsertLedgerRow(tx, ledgerRow({ organizationId: org, providerAccountId: a!.id }, "late-a", { status: "settled", amount: 700n, occurredAt: new Date() }));
      wroteA();
      await aMayCommit;
    });
    await aWritten;
    // Account B's webhook row, written and committed a moment later: stamped after A's row.
    await db().transaction(async (tx) => {
      await lockAccountLedger(tx, b!.id);
      await upsertLedgerRow(tx, ledgerRow({ organizationId: org, providerAccountId: b!.id }, "early-b", { status: "settled", amount: 300n, occurredAt: new Date() }));
    });
    const seen = await transactionsVersion(db(), { organizationId: org, visibility });
    expect(await shownIds(visibility)).toEqual(["early-b"]);
    expect(await transactionsVersion(db(), { organizationId: org, visibility })).toBe(seen);
    releaseA();
    await pageA;
    expect((await shownIds(visibility)).sort()).toEqual(["early-b", "late-a"]);
    expect(await transactionsVersion(db(), { organizationId: org, visibility })).not.toBe(seen);
  });

  it("moves when an older row is updated by a write that commits late, and only for those who see it", async () => {
    const org = finance.organizationId;
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const financeVisibility = visibilityFor(finance, "transaction.view")!;
    const employeeVisibility = visibilityFor(employee, "transaction.view")!;
    const [a, b] = accounts;
    const financeSeen = await transactionsVersion(db(), { organizationId: org, visibility: financeVisibility });
    const employeeSeen = await transactionsVersion(db(), { organizationId: org, visibility: employeeVisibility });
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((resolve) => (releaseA = resolve));
    let wroteA!: () => void;
    const aWritten = new Promise<void>((resolve) => (wroteA = resolve));
    // "late-a" settled → refunded (a later report by the provider's own clock), written first and committed last; nobody's
    // own card, so the employee never sees it.
    const pageA = db().transaction(async (tx) => {
      await lockAccountLedger(tx, a!.id);
      await upsertLedgerRow(tx, ledgerRow({ organizationId: org, providerAccountId: a!.id }, "late-a", { status: "refunded", amount: 700n, occurredAt: new Date(), providerUpdatedAt: new Date() }));
      wroteA();
      await aMayCommit;
    });
    await aWritten;
    await upsertLedgerRow(db(), ledgerRow({ organizationId: org, providerAccountId: b!.id }, "early-b-2", { status: "settled", amount: 300n, occurredAt: new Date() }));
    const seen = await transactionsVersion(db(), { organizationId: org, visibility: financeVisibility });
    expect(seen).not.toBe(financeSeen);
    releaseA();
    await pageA;
    expect(await transactionsVersion(db(), { organizationId: org, visibility: financeVisibility })).not.toBe(seen);
    expect(await transactionsVersion(db(), { organizationId: org, visibility: employeeVisibility })).toBe(employeeSeen);
  });

  it("stays put when the provider's list reports a row again unchanged, and moves when it reports a change", async () => {
    const org = finance.organizationId;
    const visibility = visibilityFor(finance, "transaction.view")!;
    const at = { organizationId: org, providerAccountId: accounts[0]!.id };
    const occurredAt = new Date("2026-11-20T10:00:00Z");
    const first = ledgerRow(at, "read-again", { status: "authorised", amount: 1250n, occurredAt });
    const { id } = await upsertLedgerRow(db(), first, { timeFromProvider: true });
    const stamp = async () =>
      (await db().execute<{ updated_at: string }>(sql`select updated_at::text from ${transactions} where id = ${id}`)).rows[0]!.updated_at;
    const written = await stamp();
    const seen = await transactionsVersion(db(), { organizationId: org, visibility });

    // The sync reads the same list a minute later (twice, as each account is read every minute): nothing changed.
    for (let read = 0; read < 2; read += 1) {
      const again = await upsertLedgerRow(db(), { ...first }, { timeFromProvider: true });
      expect(again).toMatchObject({ id, inserted: false, status: "authorised" });
    }
    // A webhook's report of the same moment, without the fields only the list gives: still nothing new to show.
    await upsertLedgerRow(db(), { ...first, merchantName: null });
    expect(await stamp()).toBe(written);
    expect(await transactionsVersion(db(), { organizationId: org, visibility })).toBe(seen);

    // The merchant's city arrives in a later read: the row shows more, so open pages must refresh.
    await upsertLedgerRow(db(), { ...first, merchantCity: "Lisbon" }, { timeFromProvider: true });
    const cityAdded = await stamp();
    expect(cityAdded).not.toBe(written);
    const afterCity = await transactionsVersion(db(), { organizationId: org, visibility });
    expect(afterCity).not.toBe(seen);

    // It settles: the status moves on.
    await upsertLedgerRow(db(), ledgerRow(at, "read-again", { status: "settled", amount: 1250n, occurredAt, merchantCity: "Lisbon" }));
    expect(await stamp()).not.toBe(cityAdded);
    expect(await transactionsVersion(db(), { organizationId: org, visibility })).not.toBe(afterCity);
  });

  it("reads only the newest rows of an index, never the table's whole history", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const managed = visibilityFor(manager, "transaction.view")!;
    const team = managed.all ? null : managed.teamIds[0]!;
    // A year of history (one row an hour) behind the few rows written just now; one in ten the employee's, in the
    // manager's team.
    const hoursAgo = sql`now() - n * interval '1 hour'`;
    await insertGenerated("history-", 8760, { occurredAt: hoursAgo, updatedAt: hoursAgo, owner: sql`case when n % 10 = 0 then ${employee.id}::uuid end`, team: sql`case when n % 10 = 0 then ${team}::uuid end` });
    await db().execute(sql`analyze ${transactions}`);
    const failures: string[] = [];
    for (const who of [finance, manager, employee]) {
      const visibility = visibilityFor(who, "transaction.view")!;
      for (const cardId of [undefined, "00000000-0000-4000-8000-000000000000"]) {
        const plan = await tokenReadPlan(visibility, cardId);
        const name = `${who.email}${cardId ? " card" : ""}: ${plan.detail}, ${plan.rowsTouched} rows`;
        if (plan.seqScanTables.length > 0 || !/Index|Bitmap/.test(plan.plan)) failures.push(`${name} — not read through an index`);
        if ((plan.rowsTouched ?? 0) > 100) failures.push(`${name} — touched more than the newest rows`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("the token of someone who sees few of the organisation's rows", () => {
  it("reads their own and their teams' newest rows, not the organisation's newest filtered down to theirs", async () => {
    const org = finance.organizationId;
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const managed = visibilityFor(manager, "transaction.view")!;
    const team = managed.all ? null : managed.teamIds[0]!;
    // Their rows are a day old; 20,000 rows of other people's cards were written since, all within the late-commit
    // window of the newest. Filtering the organisation's newest rows down to theirs walks every one of those.
    await insertGenerated("theirs-", 20, { occurredAt: sql`now() - interval '1 day'`, updatedAt: sql`now() - interval '1 day' - n * interval '1 second'`, owner: sql`${employee.id}::uuid`, team: sql`${team}::uuid` });
    await insertGenerated("others-", 20_000, { occurredAt: sql`now() - n * interval '1 minute'`, updatedAt: sql`now() - n * interval '10 milliseconds'` });
    await db().execute(sql`vacuum analyze ${transactions}`);
    const failures: string[] = [];
    for (const who of [employee, manager]) {
      const plan = await tokenReadPlan(visibilityFor(who, "transaction.view")!);
      const name = `${who.email}: ${plan.detail}, ${plan.rowsTouched} rows`;
      if (plan.seqScanTables.length > 0) failures.push(`${name} — scanned the table`);
      if ((plan.rowsTouched ?? Infinity) > 1_000) failures.push(`${name} — walked rows they cannot see`);
    }
    expect(failures).toEqual([]);
    // Other people's rows do not move their token; one of their own does.
    const employeeVisibility = visibilityFor(employee, "transaction.view")!;
    const seen = await transactionsVersion(db(), { organizationId: org, visibility: employeeVisibility });
    await upsertLedgerRow(db(), ledgerRow({ organizationId: org, providerAccountId: accounts[1]!.id }, "others-later", { status: "settled", amount: 300n, occurredAt: new Date() }));
    expect(await transactionsVersion(db(), { organizationId: org, visibility: employeeVisibility })).toBe(seen);
    await db().execute(sql`update ${transactions} set status = 'refunded', updated_at = now() where provider_transaction_id = 'theirs-20'`);
    expect(await transactionsVersion(db(), { organizationId: org, visibility: employeeVisibility })).not.toBe(seen);
  });
});

describe("the token after a bulk write", () => {
  it("counts at most the window's newest rows, however many a bulk write stamped within it", async () => {
    // A first import: thousands of rows stamped within seconds of each other, all inside the late-commit window.
    await insertGenerated("bulk-", 5000, { occurredAt: sql`now() - n * interval '1 day'`, updatedAt: sql`now() - n * interval '1 millisecond'` });
    await db().execute(sql`analyze ${transactions}`);
    const plan = await tokenReadPlan(visibilityFor(finance, "transaction.view")!);
    expect(plan.seqScanTables).toEqual([]);
    expect(plan.rowsTouched).toBeLessThanOrEqual(600);
  });

  it("reads a manager's own and team's newest stamps from their indexes alone, never the organisation's", async () => {
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const managed = visibilityFor(manager, "transaction.view")!;
    expect(managed.all).toBe(false);
    const team = managed.all ? null : managed.teamIds[0]!;
    // A first import stamping 20,000 rows within the late-commit window, one in twenty of the manager's team. At the
    // bench's default scale, a range that needed the table for its organisation condition was read by walking the
    // organisation's newest rows filtered down to the team's (about 10,000 rows for 500); read from the owner and team
    // indexes alone (they INCLUDE organization_id, migration 0066), it is the range's newest rows and nothing else.
    await insertGenerated("import-", 20_000, {
      occurredAt: sql`now() - n * interval '1 minute'`,
      updatedAt: sql`now() - n * interval '10 milliseconds'`,
      team: sql`case when n % 20 = 0 then ${team}::uuid end`,
    });
    await db().execute(sql`vacuum analyze ${transactions}`);
    const plan = await tokenReadPlan(managed);
    expect(plan.detail).toContain("Index Only Scan transactions_owner_updated_idx");
    expect(plan.detail).toContain("Index Only Scan transactions_team_updated_idx");
    expect(plan.detail).not.toContain("transactions_org_updated_idx");
    // Their own rows' range and their team's, each at most the window's 500 newest.
    expect(plan.rowsTouched).toBeLessThanOrEqual(1_100);
  });
});

describe("the token of a card's page", () => {
  it("reads the card's own newest stamps through its index, also for a card that has none", async () => {
    const org = finance.organizationId;
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const managed = visibilityFor(manager, "transaction.view")!;
    const team = managed.all ? null : managed.teamIds[0]!;
    // 400 cards of 50 rows each, written over the last six weeks, and one card just issued, without any. With each card's
    // rows this few among the organisation's, PostgreSQL expects a card's newest row among the organisation's newest few
    // hundred; without an index led by the card it walked the organisation's rows, newest first, to find it: for the new
    // card, every row the organisation has (175 ms at the bench's small scale, on every load and poll of its page).
    const created = await db().execute<{ id: string }>(sql`insert into cards (organization_id, provider_account_id, card_model, alias, currency, status, team_id)
      select ${org}::uuid, ${accounts[0]!.id}::uuid, 'prepaid', 'Generated ' || n, 'USD', 'active', ${team}::uuid from generate_series(0, 400) as n
      returning id`);
    const [newCard, ...inUse] = created.rows.map((row) => row.id);
    const busyCard = inUse[0];
    // Row n is card n % 400's, so each card in use gets 50 rows, 20 hours apart.
    const cardOfRow = sql`(${`{${inUse.join(",")}}`}::uuid[])[1 + n % ${inUse.length}]`;
    const minutesAgo = sql`now() - n * interval '3 minutes'`;
    await insertGenerated("card-", 20_000, { occurredAt: minutesAgo, updatedAt: minutesAgo, team: sql`${team}::uuid`, card: cardOfRow });
    await db().execute(sql`vacuum analyze ${transactions}`);
    const failures: string[] = [];
    for (const [who, visibility] of [
      ["finance", visibilityFor(finance, "transaction.view")!],
      ["manager", managed],
    ] as const) {
      for (const [which, cardId] of [
        ["new card", newCard!],
        ["card in use", busyCard!],
      ] as const) {
        const plan = await tokenReadPlan(visibility, cardId);
        const name = `${who}, ${which}: ${plan.detail}, ${plan.rowsTouched} rows`;
        if (!plan.detail.includes("transactions_card_updated_idx")) failures.push(`${name} — not through the card's index`);
        if (plan.detail.includes("transactions_org_updated_idx")) failures.push(`${name} — walked the organisation's rows`);
        // The card's 50 rows at most (its newest, then those within the late-commit window of it).
        if ((plan.rowsTouched ?? Infinity) > 51) failures.push(`${name} — touched more than the card's rows`);
      }
    }
    expect(failures).toEqual([]);
  });
});
