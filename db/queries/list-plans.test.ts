import type { Pool } from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { listOwnCardChoices } from "@/db/queries/cards";
import { cardPageStamps } from "@/db/queries/cards-version";
import { fundingVersion } from "@/db/queries/funding";
import { listTransactions, transactionTotals, type TransactionFilters, type TransactionScope } from "@/db/queries/transactions";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { buildCases, type BenchCase } from "@/scripts/bench/cases";
import { generateBenchData, type BenchFixture } from "@/scripts/bench/generate";
import { explainAll, recordingDb, type Statement } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { planNodes, type PlanNode } from "@/test/query-plan";

/**
 * Guard: every list case of `npm run bench` (cards, audit, card page), on enough generated and ANALYZEd data that
 * PostgreSQL's real choice shows, reads its table through an index in list order: no sequential scan, no sort of
 * the matches, and only about a page of rows touched. An index whose order disagrees with its ORDER BY fails here.
 * The transactions list (listTransactions) is held to "no sequential scan" only: a rare status (declined, 1 row in 40)
 * and an amount range still read and sort more than a page through bitmap scans; `npm run bench` reports their plans.
 */
const database = withTestDatabase();
const SCALE = { cards: 20_000, transactions: 60_000, auditRows: 60_000, users: 1_000, teams: 20, iterations: 0 };
/** A page is 25-50 rows (+1 to know there is more), and a few branches of a UNION each read at most a page. */
const MAX_ROWS_TOUCHED = 600;
/** A substring search may walk the list index until a page of matches turns up: pages over its selectivity. */
const MAX_ROWS_TOUCHED_BY_SEARCH = 3_000;
const MAX_SORTED_ROWS = 400;

let cases: BenchCase[] = [];
let fixture: BenchFixture;
let recorder: ReturnType<typeof recordingDb>;

beforeAll(async () => {
  const { pool } = getConnection();
  fixture = await generateBenchData(database.db(), SCALE);
  recorder = recordingDb(pool);
  cases = await buildCases(recorder.db, fixture);
}, 180_000);

/** EXPLAIN ANALYZE of one statement: how it reads transaction_daily_totals, and how many of its rows. */

async function rollupPlan(pool: Pool, statement: Statement) {
  const nodes = await planNodesOf(pool, statement);
  const rollup = nodes.filter((node) => node["Relation Name"] === "transaction_daily_totals");
  return {
    rollupScans: rollup.map((node) => node["Node Type"]),
    indexes: nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])),
    rowsRead: rollup.reduce((sum, node) => sum + (node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0), 0),
  };
}

async function planOf(benchCase: BenchCase) {
  const statements = await recorder.record(() => benchCase.run(recorder.db));
  expect(statements.length).toBeGreaterThan(0);
  return explainAll(getConnection().pool, statements, true);
}

describe("list query plans on generated data", () => {
  it("has the bench's cases", () => {
    expect(cases.filter((item) => item.list === "cards")).toHaveLength(20);
    expect(cases.filter((item) => item.list === "audit")).toHaveLength(6);
    expect(cases.filter((item) => item.list === "transactions")).toHaveLength(18);
  });

  it("reads cards, audit rows, transactions and the card page through indexes, a page at a time", async () => {
    const failures: string[] = [];
    for (const benchCase of cases) {
      const plan = await planOf(benchCase);
      const name = `${benchCase.list} / ${benchCase.case} / ${benchCase.role}: ${plan.detail}`;
      if (plan.seqScanTables.length > 0) failures.push(`${name} — sequential scan of ${plan.seqScanTables.join(", ")}`);
      if (benchCase.list === "transactions") continue;
      const maxTouched = benchCase.case.startsWith("search") ? MAX_ROWS_TOUCHED_BY_SEARCH : MAX_ROWS_TOUCHED;
      if ((plan.rowsTouched ?? 0) > maxTouched) failures.push(`${name} — touched ${plan.rowsTouched} rows`);
      if ((plan.largestSort ?? 0) > MAX_SORTED_ROWS) failures.push(`${name} — sorted ${plan.largestSort} rows`);
    }
    expect(failures).toEqual([]);
  });
});

describe("transactions totals on generated data", () => {
  const totalsPlan = async (filters: TransactionFilters) => {
    const scope = { organizationId: fixture.organizationId, visibility: { all: true } as const, filters };
    const statements = await recorder.record(() => transactionTotals(recorder.db, scope));
    expect(statements).toHaveLength(1);
    return { plan: await rollupPlan(getConnection().pool, statements[0]!), text: statements[0]!.text };
  };

  it("reads the whole organisation's totals from the daily rollup (by its key for a date range), never the transactions", async () => {
    const transactionCount = SCALE.transactions;
    const { dateFrom, dateTo } = fixture;
    const cases: TransactionFilters[] = [{}, { from: dateFrom, to: dateTo }, { status: "declined" }, { currency: "EUR", from: dateFrom, to: dateTo }];
    for (const filters of cases) {
      const { plan, text } = await totalsPlan(filters);
      expect(text).toContain("transaction_daily_totals");
      expect(text).not.toMatch(/from "transactions"/);
      // A week walks the rollup's primary key (organisation, day, ...). Unfiltered, the one organisation here owns
      // every rollup row, so reading them in order is the right plan; its cost is still a few rows per day.
      if (filters.from) {
        expect({ filters, rollupScans: plan.rollupScans }).not.toEqual(expect.objectContaining({ rollupScans: expect.arrayContaining(["Seq Scan"]) }));
        expect(plan.indexes).toContain("transaction_daily_totals_pk");
      }
      expect(plan.rollupScans.length).toBeGreaterThan(0);
      // A few rows per day, currency, status and account: far fewer than the transactions they sum.
      expect(plan.rowsRead).toBeLessThan(transactionCount / 20);
    }
  });

  it("sums a manager's, a person's and an amount range's totals from indexes alone, never visiting the table", async () => {
    const manager = { all: false, ownerUserId: fixture.managerUserId, teamIds: [fixture.managerTeamId] } as const;
    const person = { all: false, ownerUserId: fixture.ownerUserId, teamIds: [] } as const;
    const everyone = { all: true } as const;
    const failures: string[] = [];
    for (const [visibility, filters] of [
      [manager, {}],
      [manager, { status: "declined", from: fixture.dateFrom }],
      [person, {}],
      [everyone, { min: "1000.00", max: "1005.00" }],
    ] satisfies [typeof manager | typeof person | typeof everyone, TransactionFilters][]) {
      const statements = await recorder.record(() => transactionTotals(recorder.db, { organizationId: fixture.organizationId, visibility, filters }));
      const plan = await explainAll(getConnection().pool, statements, true);
      if (plan.plan !== "Index Only Scan") failures.push(`${JSON.stringify({ visibility, filters })}: ${plan.detail}`);
    }
    expect(failures).toEqual([]);
  });

  it("sums a merchant text or amount range through its own index, reading only the matching rows", async () => {
    const scope = { organizationId: fixture.organizationId, visibility: { all: true } as const };
    const failures: string[] = [];
    for (const filters of [{ min: "1000.00", max: "1005.00" }, { q: fixture.merchantText }, { min: "1000", max: "1005", currency: "USD" }] satisfies TransactionFilters[]) {
      const statements = await recorder.record(() => transactionTotals(recorder.db, { ...scope, filters }));
      const plan = await explainAll(getConnection().pool, statements, true);
      const name = `${JSON.stringify(filters)}: ${plan.detail}`;
      if (plan.seqScanTables.length > 0) failures.push(`${name} — sequential scan of ${plan.seqScanTables.join(", ")}`);
      // The range is 1 row in 500 of the generated amounts, the merchant text about 1 in 900.
      if ((plan.rowsTouched ?? 0) > SCALE.transactions / 50) failures.push(`${name} — touched ${plan.rowsTouched} rows`);
    }
    expect(failures).toEqual([]);
  });
});

describe("team transactions totals on generated data", () => {
  /** How the statements of one totals call read the per-team rollup and transactions. */
  const teamTotalsReads = async (scope: TransactionScope) => {
    const statements = await recorder.record(() => transactionTotals(recorder.db, scope));
    const nodes = (await Promise.all(statements.map((statement) => planNodesOf(getConnection().pool, statement)))).flat();
    const touched = (reads: PlanNode[]) =>
      reads.reduce((sum, node) => sum + (node["Actual Loops"] ?? 1) * ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)), 0);
    const rollup = nodes.filter((node) => node["Relation Name"] === "transaction_team_daily_totals");
    const transactionReads = nodes.filter((node) => node["Relation Name"] === "transactions");
    return {
      rollupScans: rollup.map((node) => node["Node Type"]),
      indexes: nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])),
      rollupRowsRead: touched(rollup),
      transactionScans: transactionReads.map((node) => `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`),
      transactionRowsTouched: touched(transactionReads),
    };
  };
  const count = async (query: string, params: unknown[]) => Number((await getConnection().pool.query<{ n: string }>(query, params)).rows[0]!.n);

  it("reads a manager's and a team-filtered totals from the per-team rollup's key range, not the team's transactions", async () => {
    const { organizationId, managerTeamId: teamId, managerUserId, dateFrom, dateTo } = fixture;
    const teamTransactions = await count("select count(*) as n from transactions where team_id = $1", [teamId]);
    const teamRollupRows = await count("select count(*) as n from transaction_team_daily_totals where team_id = $1", [teamId]);
    // The manager's own rows (the owner index; those outside the team are summed): the only transactions read.
    const ownRows = await count("select count(*) as n from transactions where owner_user_id = $1", [managerUserId]);
    expect(teamTransactions).toBeGreaterThan(1_000);
    const manager = { all: false, ownerUserId: managerUserId, teamIds: [teamId] } as const;
    const failures: string[] = [];
    for (const [visibility, filters] of [
      [manager, {}],
      [manager, { status: "declined", from: dateFrom, to: dateTo }],
      [{ all: true }, { teamId, status: "declined" }],
      [{ all: true }, { teamId, from: dateFrom, to: dateTo }],
    ] satisfies [VisibilityFilter, TransactionFilters][]) {
      const plan = await teamTotalsReads({ organizationId, visibility, filters });
      const name = `${JSON.stringify({ visibility: visibility.all ? "all" : "manager", filters })}: ${[...plan.rollupScans, ...plan.transactionScans].join(", ")}`;
      if (plan.rollupScans.length === 0) failures.push(`${name} — never read transaction_team_daily_totals`);
      if (!plan.indexes.includes("transaction_team_daily_totals_pk")) failures.push(`${name} — not through transaction_team_daily_totals_pk`);
      if (plan.rollupScans.some((scan) => scan.startsWith("Seq Scan"))) failures.push(`${name} — sequential scan of the rollup`);
      // Only this team's key range of the rollup, and of transactions at most the manager's own rows.
      if (plan.rollupRowsRead > teamRollupRows) failures.push(`${name} — read ${plan.rollupRowsRead} rollup rows, the team has ${teamRollupRows}`);
      if (plan.transactionScans.some((scan) => scan.includes("transactions_team_time_idx"))) failures.push(`${name} — read the team's transactions`);
      if (plan.transactionRowsTouched > ownRows) failures.push(`${name} — touched ${plan.transactionRowsTouched} transactions`);
      if (plan.rollupRowsRead + plan.transactionRowsTouched >= teamTransactions / 2) failures.push(`${name} — touched ${plan.rollupRowsRead + plan.transactionRowsTouched} rows for a team of ${teamTransactions}`);
    }
    expect(failures).toEqual([]);
    expect(ownRows).toBeLessThan(teamTransactions / 20);
  });
});

/** Every node of a statement's EXPLAIN ANALYZE, flattened. */
async function planNodesOf(pool: Pool, statement: Statement): Promise<PlanNode[]> {
  const result = await pool.query<{ "QUERY PLAN": unknown }>(`explain (analyze, format json) ${statement.text}`, statement.params);
  return planNodes(result.rows[0]!["QUERY PLAN"]);
}

describe("merchant text on generated data", () => {
  // The generated merchant names are one of 20 merchants and a number below 997: about 20,000 names, 3 rows each here.
  const RARE_MATCHES = 40;

  /** How the statements of a list page or its totals read transactions and the organisation's merchant names. */
  const reads = async (work: () => Promise<unknown>) => {
    const statements = await recorder.record(work);
    expect(statements.length).toBeGreaterThan(0);
    const nodes = (await Promise.all(statements.map((statement) => planNodesOf(getConnection().pool, statement)))).flat();
    const on = (relation: string) => nodes.filter((node) => node["Relation Name"] === relation);
    const transactionReads = on("transactions");
    return {
      readsMerchantNames: on("transaction_merchants").length > 0,
      transactionScans: transactionReads.map((node) => `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`),
      transactionIndexes: nodes.flatMap((node) => (node["Index Name"]?.startsWith("transactions_") ? [node["Index Name"]] : [])),
      transactionRowsTouched: transactionReads.reduce(
        (sum, node) => sum + (node["Actual Loops"] ?? 1) * ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)),
        0,
      ),
    };
  };

  const scopes = (filters: TransactionFilters): [string, TransactionScope][] => [
    ["finance", { organizationId: fixture.organizationId, visibility: { all: true }, filters }],
    ["manager", { organizationId: fixture.organizationId, visibility: { all: false, ownerUserId: fixture.managerUserId, teamIds: [fixture.managerTeamId] }, filters }],
  ];

  it("finds a rare merchant text's names in the name list, then reads only their rows through the merchant index", async () => {
    const failures: string[] = [];
    for (const [role, scope] of scopes({ q: fixture.merchantText })) {
      for (const [what, work] of [
        ["list", () => listTransactions(recorder.db, { ...scope, limit: 50 })],
        ["totals", () => transactionTotals(recorder.db, scope)],
      ] as const) {
        const plan = await reads(work);
        const name = `${role} ${what}: ${plan.transactionScans.join(", ")}`;
        if (!plan.readsMerchantNames) failures.push(`${name} — never read transaction_merchants`);
        if (!plan.transactionIndexes.includes("transactions_org_merchant_time_idx")) failures.push(`${name} — not through transactions_org_merchant_time_idx`);
        if (plan.transactionScans.some((scan) => scan.startsWith("Seq Scan"))) failures.push(`${name} — sequential scan of transactions`);
        if (plan.transactionIndexes.some((index) => index.includes("trgm"))) failures.push(`${name} — a trigram index over transactions`);
        // The matches themselves (a list also reads its page of winners again by id), never a walk through other rows.
        if (plan.transactionRowsTouched > 3 * RARE_MATCHES) failures.push(`${name} — touched ${plan.transactionRowsTouched} rows`);
      }
    }
    expect(failures).toEqual([]);
    // The text is rare but not absent: the plans above read real matches.
    const [, finance] = scopes({ q: fixture.merchantText })[0]!;
    const page = await listTransactions(recorder.db, { ...finance, limit: 50 });
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.length).toBeLessThanOrEqual(RARE_MATCHES);
  });

  it("walks the time index for a frequent merchant text and stops after a page of matches", async () => {
    // "Notion" is 1 row in 20, "a" most rows: reading every match name by name and sorting them would touch thousands.
    const failures: string[] = [];
    for (const q of ["Notion", "a"]) {
      const [, finance] = scopes({ q })[0]!;
      const plan = await reads(() => listTransactions(recorder.db, { ...finance, limit: 50 }));
      const name = `"${q}": ${plan.transactionScans.join(", ")}`;
      if (!plan.transactionIndexes.includes("transactions_org_time_idx")) failures.push(`${name} — not through transactions_org_time_idx`);
      // 51 matches at 1 in 20 is about 1,000 rows walked; the page's winners are read again by id.
      if (plan.transactionRowsTouched > 1_500) failures.push(`${name} — touched ${plan.transactionRowsTouched} rows`);
    }
    expect(failures).toEqual([]);
  });
});

describe("live-refresh tokens on generated data", () => {
  it("read the cards list's token (its page picked again, the page's stamps) and the funding token through indexes, a few rows each", async () => {
    const { pool } = getConnection();
    const all: VisibilityFilter = { all: true };
    const managerView: VisibilityFilter = { all: false, ownerUserId: fixture.managerUserId, teamIds: [fixture.managerTeamId] };
    const failures: string[] = [];
    for (const [name, visibility] of [["finance", all], ["manager", managerView]] as const) {
      const statements = await recorder.record(async () => {
        const stamps = await cardPageStamps(recorder.db, { organizationId: fixture.organizationId, visibility, filters: { status: "frozen" }, sort: { field: "created", direction: "desc" }, limit: 25 });
        expect(stamps.rows).toHaveLength(25);
        await fundingVersion(recorder.db, { organizationId: fixture.organizationId, syncKinds: ["funding", "cards"] });
      });
      const plan = await explainAll(pool, statements, true);
      if (plan.seqScanTables.includes("cards")) failures.push(`${name}: sequential scan of cards — ${plan.detail}`);
      if ((plan.rowsTouched ?? 0) > MAX_ROWS_TOUCHED) failures.push(`${name}: touched ${plan.rowsTouched} rows — ${plan.detail}`);
    }
    expect(failures).toEqual([]);
  });

  it("reads a cardholder's own cards for the transactions card filter through the owner's alias index, in its order", async () => {
    const { pool } = getConnection();
    const statements = await recorder.record(() => listOwnCardChoices(recorder.db, { organizationId: fixture.organizationId, ownerUserId: fixture.managerUserId, limit: 100 }));
    expect(statements).toHaveLength(1);
    const nodes = await planNodesOf(pool, statements[0]!);
    const types = nodes.map((node) => `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`);
    // Only the person's own cards are read, through an owner index (cards_owner_alias_idx, in the list's order, once
    // they hold more than the list shows; for the few a person holds here the planner may sort them instead).
    expect(types.filter((type) => type.startsWith("Seq Scan"))).toEqual([]);
    expect(nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : []))).toEqual(expect.arrayContaining([expect.stringMatching(/^cards_owner_(alias_)?idx$/)]));
    const owned = nodes.find((node) => node["Index Name"]?.startsWith("cards_owner"))!;
    expect(owned["Actual Rows"] ?? 0).toBeLessThanOrEqual(100);
  });
});
