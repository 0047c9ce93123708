import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BenchList, BenchRole } from "./cases";
import type { Percentiles } from "./measure";

export const LIST_P95_BUDGET_MS = 150;

export type CaseResult = {
  list: BenchList;
  case: string;
  role: BenchRole;
  fnP50Ms: number;
  fnP95Ms: number;
  httpP50Ms: number | null;
  httpP95Ms: number | null;
  rawP50Ms: number;
  rawP95Ms: number;
  /**
   * The empty page as the same role, timed in turn with this case's page (one page, one empty page, …). Shown beside
   * the case for how much the empty page itself varies over a run; the budget uses the run's pooled `baseline`.
   */
  baselineP50Ms: number | null;
  baselineP95Ms: number | null;
  plan: string;
};

/** The shape issue 17 fixes for bench/results.json. */
export type BenchResults = {
  scale: { cards: number; transactions: number; auditRows: number };
  baseline: Percentiles;
  cases: CaseResult[];
  /**
   * The transactions CSV export: all rows, and about half of them (the second half of the time span) for the
   * constant-memory check: peak server RSS may differ by at most 20% (the budget).
   */
  export: { rows: number; rowsPerSecond: number; peakRssMb: number; halfRows: number; halfPeakRssMb: number; constantMemory: boolean };
  verify: { rowsPerSecond: number };
};

/** DESIGN.md's budget for one case: HTTP p95 ≤ 150 ms and ≤ the empty page's p95 + 3× the raw SQL p95, no sequential scan. */
export function budgetVerdict(result: CaseResult, baseline: Percentiles): string {
  const problems: string[] = [];
  if (/Seq Scan/.test(result.plan)) problems.push("seq scan");
  if (result.httpP95Ms === null) return problems.length > 0 ? problems.join(", ") : "no page";
  if (result.httpP95Ms > LIST_P95_BUDGET_MS) problems.push(`> ${LIST_P95_BUDGET_MS} ms`);
  const relative = baseline.p95Ms + 3 * result.rawP95Ms;
  if (result.httpP95Ms > relative) problems.push(`> ${relative.toFixed(1)} ms`);
  return problems.length > 0 ? problems.join(", ") : "ok";
}

const number = (value: number | null) => (value === null ? "–" : value.toFixed(1));

/** A Markdown table (it prints well in a terminal and pastes into README.md as it is). */
export function formatTable(results: BenchResults, details: Map<string, string>): string {
  const lines = [
    `Scale: ${results.scale.cards.toLocaleString("en")} cards, ${results.scale.transactions.toLocaleString("en")} transactions, ${results.scale.auditRows.toLocaleString("en")} audit rows. ` +
      `Empty page (baseline, every sample of the run) p50 ${number(results.baseline.p50Ms)} ms, p95 ${number(results.baseline.p95Ms)} ms.`,
    "",
    "| list | case | role | fn p50 | fn p95 | HTTP p50 | HTTP p95 | empty page beside p50 | p95 | raw p50 | raw p95 | plan | budget |",
    "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const result of results.cases) {
    const plan = details.get(`${result.list}/${result.case}/${result.role}`) ?? result.plan;
    lines.push(
      `| ${result.list} | ${result.case} | ${result.role} | ${number(result.fnP50Ms)} | ${number(result.fnP95Ms)} | ${number(result.httpP50Ms)} | ${number(result.httpP95Ms)} | ` +
        `${number(result.baselineP50Ms)} | ${number(result.baselineP95Ms)} | ` +
        `${number(result.rawP50Ms)} | ${number(result.rawP95Ms)} | ${plan} | ${budgetVerdict(result, results.baseline)} |`,
    );
  }
  lines.push(
    "",
    `CSV export (transactions): ${results.export.rows.toLocaleString("en")} rows at ${Math.round(results.export.rowsPerSecond).toLocaleString("en")} rows/s, server peak RSS ${results.export.peakRssMb} MB ` +
      `(${results.export.halfRows.toLocaleString("en")} rows: ${results.export.halfPeakRssMb} MB; ${results.export.constantMemory ? "constant memory, within 20%" : "OVER: memory grows with rows"}). ` +
      `Chain verification: ${Math.round(results.verify.rowsPerSecond).toLocaleString("en")} rows/s.`,
  );
  return lines.join("\n");
}

export function writeResults(results: BenchResults, file = path.join("bench", "results.json")): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
