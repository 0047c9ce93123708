import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rebuildTeamDailyTotals, servedByTeamDailyTotals, totalsFromTeamDailyTotals } from "@/db/queries/transaction-team-daily-totals";
import { linkUnlinkedTransactions, upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { transactionTotals, transactionTotalsFromRows, type TransactionFilters, type TransactionScope } from "@/db/queries/transactions";
import { cards } from "@/db/schema/cards";
import { teams } from "@/db/schema/teams";
import { transactionTeamDailyTotals } from "@/db/schema/transaction-team-daily-totals";
import { LEDGER_STATUSES, transactions, type LedgerDirection, type LedgerStatus } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { visibilityFor, type VisibilityFilter } from "@/lib/auth/permissions";
import { boundedTransactionTotals } from "@/lib/transactions/bounded-totals";
import { STATUS_RANK } from "@/lib/transactions/ledger-row";
import { withTestDatabase } from "@/test/database";
import { ledgerRow, rollupAccounts, rollupFilterSets, type RollupAccount } from "@/test/rollup-fixtures";
import { sessionUserFor } from "@/test/session-user";
import { teamIdNamed } from "@/test/team-named";

/**
 * The per-team daily totals rollup against the raw sums it stands for, team by team: written through the real
 * ingestion path and plain SQL (inserts of every status, direction and type; updates that move a row's team, status,
 * amount and day; card linking that gives rows a team; deletes; a rolled-back write), then compared with
 * transactionTotalsFromRows for every team and every filter the rollup serves. Then a manager's totals and finance's
 * team-filtered totals (rollup for the teams, rows for the manager's own rows outside them) against the row sums of
 * the same scope.
 */
const database = withTestDatabase();
const db = () => database.db();
let organizationId: string;
let accounts: RollupAccount[];
/** Operations (the demo manager's team), Marketing (another manager's) and Sales (nobody's here). */
let operations: string;
let marketing: string;
let sales: string;
let managerId: string;
let employeeId: string;
const all = { all: true } as const;

const row = (key: string, values: Parameters<typeof ledgerRow>[2]) => ledgerRow({ organizationId, providerAccountId: accounts[0]!.id }, key, values);

const filterSets = () => rollupFilterSets(accounts);

/** Every team's rollup equals the sum of that team's rows, for every filter the rollup serves. */
async function expectTeamRollupEqualsRows(): Promise<void> {
  for (const teamId of [operations, marketing, sales]) {
    for (const filters of filterSets()) {
      const scope: TransactionScope = { organizationId, visibility: all, filters: { ...filters, teamId } };
      expect(servedByTeamDailyTotals(scope)).toBe(true);
      const rolled = await totalsFromTeamDailyTotals(db(), scope);
      const raw = await transactionTotalsFromRows(db(), scope);
      expect({ team: teamId, filters, totals: rolled }).toEqual({ team: teamId, filters, totals: raw });
    }
  }
}

/** The rollup's rows that count anything, as text, in key order. */
async function rollupSnapshot() {
  return (
    await db().execute(sql`select organization_id, team_id, day, currency, status, provider_account_id, spent::text, refunded::text, count::text
      from ${transactionTeamDailyTotals} where count <> 0 or spent <> 0 or refunded <> 0 order by 1, 2, 3, 4, 5, 6`)
  ).rows;
}

const TEAMS_CYCLE = () => [operations, marketing, sales, null];
const OWNERS_CYCLE = () => [managerId, employeeId, null];

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const finance = await sessionUserFor(db(), "finance@demo.test");
  organizationId = finance.organizationId;
  accounts = await rollupAccounts(db(), organizationId);
  expect(accounts.length).toBeGreaterThanOrEqual(2);
  const manager = await sessionUserFor(db(), "manager@demo.test");
  const employee = await sessionUserFor(db(), "employee@demo.test");
  managerId = manager.id;
  employeeId = employee.id;
  expect(manager.managedTeamIds).toHaveLength(1);
  operations = manager.managedTeamIds[0]!;
  marketing = await teamIdNamed(db(), "Marketing");
  const [salesTeam] = await db().insert(teams).values({ organizationId, name: "Sales" }).returning({ id: teams.id });
  sales = salesTeam!.id;
});

describe("transaction team daily totals", () => {
  it("match each team's raw sums after ingestion of every status, direction and type, and hold no team-less rows", async () => {
    const kinds: { status: LedgerStatus; direction: LedgerDirection; type: string }[] = [];
    for (const status of LEDGER_STATUSES)
      for (const direction of ["debit", "credit"] as const)
        for (const type of ["purchase", "refund", "reversal", "fee"]) kinds.push({ status, direction, type });
    const times = ["2026-03-01T00:00:00.000Z", "2026-03-01T23:59:59.999Z", "2026-03-02T00:00:00.000Z", "2026-03-03T12:00:00.000Z"];
    let n = 0;
    for (const kind of kinds) {
      n += 1;
      await upsertLedgerRow(
        db(),
        row(`k${n}`, {
          ...kind,
          amount: BigInt(100 * n + 7),
          currency: n % 5 === 0 ? "JPY" : "USD",
          occurredAt: new Date(times[n % times.length]!),
          providerAccountId: accounts[n % 2]!.id,
          teamId: TEAMS_CYCLE()[n % 4]!,
          ownerUserId: OWNERS_CYCLE()[n % 3]!,
        }),
      );
    }
    await expectTeamRollupEqualsRows();
    const [counts] = (
      await db().execute<{ rolled: string; rows: string }>(sql`select
        (select sum(count) from ${transactionTeamDailyTotals})::text as rolled,
        (select count(*) from ${transactions} where team_id is not null)::text as rows`)
    ).rows;
    expect(Number(counts!.rows)).toBeGreaterThan(30);
    expect(counts!.rolled).toBe(counts!.rows);
  });

  it("move a row's contribution when a later report or a write changes its status, amount, day or team", async () => {
    const first = row("moving", { status: "authorised", amount: 5000n, occurredAt: new Date("2026-03-02T00:30:00Z"), teamId: operations, ownerUserId: employeeId });
    await upsertLedgerRow(db(), first);
    // Settles for a different amount and reports an earlier time: the row moves to the previous day.
    await upsertLedgerRow(db(), { ...first, status: "settled", statusRank: STATUS_RANK.settled, amount: 4800n, occurredAt: new Date("2026-03-01T23:50:00Z") });
    await expectTeamRollupEqualsRows();
    // Moves team, then leaves every team: its contribution leaves Operations, visits Sales, then the rollup altogether.
    await db().update(transactions).set({ teamId: sales }).where(eq(transactions.providerTransactionId, "moving"));
    await expectTeamRollupEqualsRows();
    await db().update(transactions).set({ teamId: null }).where(eq(transactions.providerTransactionId, "moving"));
    await expectTeamRollupEqualsRows();
    // Becomes a refund while team-less, then comes back to Marketing.
    await upsertLedgerRow(db(), { ...first, status: "refunded", statusRank: STATUS_RANK.refunded, amount: 4800n, providerUpdatedAt: new Date("2026-03-05T00:00:00Z") });
    await db().update(transactions).set({ teamId: marketing }).where(eq(transactions.providerTransactionId, "moving"));
    const [moved] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "moving"));
    expect(moved).toMatchObject({ status: "refunded", teamId: marketing, amount: 4800n });
    await expectTeamRollupEqualsRows();

    // A card appears: linking gives its earlier rows an owner and a team, which brings them into the rollup.
    for (const [i, status] of (["settled", "declined", "authorised"] as const).entries()) {
      await upsertLedgerRow(db(), row(`late-${i}`, { status, amount: 1200n + BigInt(i), occurredAt: new Date("2026-03-03T08:00:00Z"), providerCardId: "late-team-card" }));
    }
    await db()
      .insert(cards)
      .values({ organizationId, providerAccountId: accounts[0]!.id, providerCardId: "late-team-card", cardModel: "prepaid", alias: "Late team card", currency: "USD", ownerUserId: managerId, teamId: operations });
    expect(await linkUnlinkedTransactions(db(), { providerAccountId: accounts[0]!.id })).toBeGreaterThanOrEqual(3);
    await expectTeamRollupEqualsRows();
  });

  it("match after a bulk insert, a bulk update across teams, a delete, and leave no trace of a rolled-back write", async () => {
    await db().execute(sql`
      insert into transactions (organization_id, provider_account_id, provider_transaction_id, type, direction, status, amount, currency, occurred_at, team_id, owner_user_id)
      select ${organizationId}::uuid, ${accounts[0]!.id}::uuid, 'bulk-' || g, case when g % 3 = 0 then 'refund' else 'purchase' end,
        case when g % 3 = 0 then 'credit' else 'debit' end, case when g % 4 = 0 then 'declined' else 'settled' end, g * 11, 'USD',
        timestamptz '2026-03-01 00:00:00+00' + make_interval(mins => g * 7),
        (array[${operations}::uuid, ${marketing}::uuid, ${sales}::uuid, null])[1 + g % 4],
        (array[${managerId}::uuid, ${employeeId}::uuid, null])[1 + g % 3]
      from generate_series(1, 500) g`);
    // One statement moves rows between teams, changes status and amount, and shifts days.
    await db().execute(sql`update transactions set
        team_id = case when team_id = ${operations}::uuid then ${sales}::uuid when team_id is null then ${marketing}::uuid else team_id end,
        status = case when amount % 2 = 0 and status = 'settled' then 'reversed' else status end,
        amount = amount + 3, occurred_at = occurred_at + interval '5 hours'
      where provider_transaction_id like 'bulk-%' and amount % 7 <> 0`);
    await db().execute(sql`delete from transactions where provider_transaction_id like 'bulk-%' and amount % 5 = 0`);
    await expectTeamRollupEqualsRows();

    const before = await rollupSnapshot();
    await expect(
      db().transaction(async (tx) => {
        await upsertLedgerRow(tx, row("rolled-back", { status: "settled", amount: 999_999n, occurredAt: new Date("2026-03-02T10:00:00Z"), teamId: operations }));
        await tx.update(transactions).set({ teamId: sales }).where(eq(transactions.teamId, marketing));
        throw new Error("crash after ingestion");
      }),
    ).rejects.toThrow("crash after ingestion");
    expect(await rollupSnapshot()).toEqual(before);
    await expectTeamRollupEqualsRows();
  });

  it("are what a rebuild from the rows computes", async () => {
    const maintained = await rollupSnapshot();
    expect(maintained.length).toBeGreaterThan(10);
    await rebuildTeamDailyTotals(db(), organizationId);
    expect(await rollupSnapshot()).toEqual(maintained);
  });

  it("give a manager's and finance's team-filtered totals exactly what summing the same scope's rows gives", async () => {
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const managerVisibility = visibilityFor(manager, "transaction.view")!;
    expect(managerVisibility).toEqual({ all: false, ownerUserId: managerId, teamIds: [operations] });
    const visibilities: [string, VisibilityFilter][] = [
      ["manager of Operations", managerVisibility],
      ["manager of Operations and Marketing", { all: false, ownerUserId: managerId, teamIds: [operations, marketing] }],
      ["finance", all],
    ];
    // Operations is managed, Marketing only by the second visibility, Sales by nobody (the manager owns rows there).
    const teamFilters = [undefined, operations, marketing, sales];
    let compared = 0;
    for (const [who, visibility] of visibilities) {
      for (const teamId of teamFilters) {
        if (visibility.all && !teamId) continue;
        for (const filters of filterSets()) {
          const scope: TransactionScope = { organizationId, visibility, filters: { ...filters, teamId } };
          expect({ who, teamId, filters, served: servedByTeamDailyTotals(scope) }).toEqual({ who, teamId, filters, served: true });
          const raw = await transactionTotalsFromRows(db(), scope);
          const name = { who, teamId, filters };
          expect({ ...name, totals: await transactionTotals(db(), scope) }).toEqual({ ...name, totals: raw });
          expect({ ...name, totals: (await boundedTransactionTotals(db(), scope)).totals }).toEqual({ ...name, totals: raw });
          compared += raw.length;
        }
      }
    }
    // The scopes above are not all empty: the comparison saw real sums.
    expect(compared).toBeGreaterThan(100);

    // The manager's own rows outside their team count once, beside their team's rows, and a filter on a team they do
    // not manage keeps only their own rows there, as the row path does.
    const ownInSales: TransactionScope = { organizationId, visibility: managerVisibility, filters: { teamId: sales } };
    const ownSales = (await transactionTotals(db(), ownInSales)).reduce((sum, totals) => sum + totals.count, 0);
    const [ownSalesCount] = (
      await db().execute<{ count: string }>(sql`select count(*)::text as count from ${transactions} where team_id = ${sales}::uuid and owner_user_id = ${managerId}::uuid`)
    ).rows;
    expect(ownSales).toBe(Number(ownSalesCount!.count));
    expect(Number(ownSalesCount!.count)).toBeGreaterThan(0);

    // Row-level filters keep the row path.
    for (const filters of [{ q: "Merchant" }, { min: "1.00" }, { ownerUserId: employeeId }, { cardId: "00000000-0000-4000-8000-000000000001" }] satisfies TransactionFilters[]) {
      expect(servedByTeamDailyTotals({ organizationId, visibility: managerVisibility, filters })).toBe(false);
      expect(servedByTeamDailyTotals({ organizationId, visibility: all, filters: { ...filters, teamId: operations } })).toBe(false);
    }
    // Finance without a team filter is the organisation's rollup's, an employee (no team) sums their own rows.
    expect(servedByTeamDailyTotals({ organizationId, visibility: all, filters: {} })).toBe(false);
    expect(servedByTeamDailyTotals({ organizationId, visibility: { all: false, ownerUserId: employeeId, teamIds: [] }, filters: {} })).toBe(false);
  });
});
