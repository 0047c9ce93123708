import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { buildCases, type BenchCase } from "@/scripts/bench/cases";
import { generateBenchData } from "@/scripts/bench/generate";
import { explainAll, recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";

/**
 * Guard: every list case of `npm run bench` (cards, audit, card page), on enough generated and ANALYZEd data that
 * PostgreSQL's real choice shows, reads its table through an index in list order: no sequential scan, no sort of
 * the matches, and only about a page of rows touched. An index whose order disagrees with its ORDER BY fails here.
 * The transactions stand-in (scripts/bench/transactions-list.ts) is not held to this until the project's own list
 * lands: scoped by card (manager, card search) it still sorts or scans transactions; `npm run bench` reports its plans.
 */
const database = withTestDatabase();
const SCALE = { cards: 20_000, transactions: 60_000, auditRows: 60_000, users: 1_000, teams: 20, iterations: 0 };
/** A page is 25-50 rows (+1 to know there is more), and a few branches of a UNION each read at most a page. */
const MAX_ROWS_TOUCHED = 600;
/** A substring search may walk the list index until a page of matches turns up: pages over its selectivity. */
const MAX_ROWS_TOUCHED_BY_SEARCH = 3_000;
const MAX_SORTED_ROWS = 400;

let cases: BenchCase[] = [];
let recorder: ReturnType<typeof recordingDb>;

beforeAll(async () => {
  const { pool } = getConnection();
  const fixture = await generateBenchData(database.db(), SCALE);
  recorder = recordingDb(pool);
  cases = await buildCases(recorder.db, fixture);
}, 180_000);

async function planOf(benchCase: BenchCase) {
  const statements = await recorder.record(() => benchCase.run(recorder.db));
  expect(statements.length).toBeGreaterThan(0);
  return explainAll(getConnection().pool, statements, true);
}

describe("list query plans on generated data", () => {
  it("has the bench's cases", () => {
    expect(cases.filter((item) => item.list === "cards")).toHaveLength(20);
    expect(cases.filter((item) => item.list === "audit")).toHaveLength(6);
  });

  it("reads cards, audit rows and the card page through indexes, a page at a time", async () => {
    const failures: string[] = [];
    for (const benchCase of cases.filter((item) => item.list !== "transactions")) {
      const plan = await planOf(benchCase);
      const name = `${benchCase.list} / ${benchCase.case} / ${benchCase.role}: ${plan.detail}`;
      if (plan.seqScanTables.length > 0) failures.push(`${name} — sequential scan of ${plan.seqScanTables.join(", ")}`);
      const maxTouched = benchCase.case.startsWith("search") ? MAX_ROWS_TOUCHED_BY_SEARCH : MAX_ROWS_TOUCHED;
      if ((plan.rowsTouched ?? 0) > maxTouched) failures.push(`${name} — touched ${plan.rowsTouched} rows`);
      if ((plan.largestSort ?? 0) > MAX_SORTED_ROWS) failures.push(`${name} — sorted ${plan.largestSort} rows`);
    }
    expect(failures).toEqual([]);
  });
});
