import { drizzle } from "drizzle-orm/node-postgres";
import type { Pool } from "pg";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";

export type Statement = { text: string; params: unknown[] };
export type Percentiles = { p50Ms: number; p95Ms: number };

/** The tables a list must never read whole (DESIGN.md, Performance budgets). */
export const LIST_TABLES = ["cards", "transactions", "audit_log"] as const;

/** A drizzle Db on the pool whose statements can be recorded, so raw SQL and EXPLAIN run exactly what a function ran. */
export function recordingDb(pool: Pool): { db: Db; record: <T>(work: () => Promise<T>) => Promise<Statement[]> } {
  let recording: Statement[] | null = null;
  const db = drizzle(pool, {
    schema,
    logger: { logQuery: (text, params) => recording?.push({ text, params: [...params] }) },
  });
  return {
    db,
    record: async (work) => {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = null;
      }
    },
  };
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  const round = (value: number) => Math.round(value * 100) / 100;
  return { p50Ms: round(at(0.5)), p95Ms: round(at(0.95)) };
}

/** Runs work `warmup` times untimed, then `iterations` times timed (sequentially, one at a time). */
export async function time(work: () => Promise<unknown>, iterations: number, warmup = 3): Promise<Percentiles> {
  for (let index = 0; index < warmup; index += 1) await work();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

export async function runStatements(pool: Pool, statements: Statement[]): Promise<void> {
  for (const statement of statements) await pool.query(statement.text, statement.params);
}

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

export type PlanSummary = {
  /** The distinct node types that read a list table, e.g. "Index Scan" or "Index Scan + Bitmap Heap Scan". */
  plan: string;
  /** Each of those reads with its index, for the printed table. */
  detail: string;
  seqScanTables: string[];
  /** Only with analyze: the rows the list tables' scan nodes produced or filtered away, all loops. */
  rowsTouched?: number;
  /** Only with analyze: the largest number of rows any Sort node had to sort. */
  largestSort?: number;
};

/** EXPLAIN (optionally ANALYZE) of the statement that reads the list, summarised for the results and the guard test. */
/** Every statement a function ran, EXPLAINed and summarised together. */
export async function explainAll(pool: Pool, statements: Statement[], analyze = false): Promise<PlanSummary> {
  const summaries: PlanSummary[] = [];
  for (const statement of statements) summaries.push(await explain(pool, statement, analyze));
  const reading = summaries.filter((summary) => summary.detail !== "");
  const distinct = (values: string[]) => [...new Set(values.flatMap((value) => value.split(/ \+ |, /)).filter((value) => value !== ""))];
  return {
    plan: distinct(reading.map((summary) => summary.plan)).join(" + ") || "no list table",
    detail: distinct(reading.map((summary) => summary.detail)).join(", "),
    seqScanTables: distinct(summaries.flatMap((summary) => summary.seqScanTables)),
    rowsTouched: analyze ? summaries.reduce((sum, summary) => sum + (summary.rowsTouched ?? 0), 0) : undefined,
    largestSort: analyze ? Math.max(0, ...summaries.map((summary) => summary.largestSort ?? 0)) : undefined,
  };
}

export async function explain(pool: Pool, statement: Statement, analyze = false): Promise<PlanSummary> {
  const options = analyze ? "(analyze, format json)" : "(format json)";
  const result = await pool.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(`explain ${options} ${statement.text}`, statement.params);
  const root = result.rows[0]!["QUERY PLAN"][0]!.Plan;
  const reads = [...walk(root)].filter((node) => node["Relation Name"] && (LIST_TABLES as readonly string[]).includes(node["Relation Name"]));
  const types = [...new Set(reads.map((node) => node["Node Type"]))];
  const seqScanTables = [...new Set(reads.filter((node) => node["Node Type"] === "Seq Scan").map((node) => node["Relation Name"]!))];
  const summary: PlanSummary = {
    plan: types.length > 0 ? types.join(" + ") : "no list table",
    detail: [...new Set(reads.map((node) => `${node["Node Type"]}${node["Index Name"] ? ` ${node["Index Name"]}` : ""}`))].join(", "),
    seqScanTables,
  };
  if (analyze) {
    const loops = (node: PlanNode) => node["Actual Loops"] ?? 1;
    summary.rowsTouched = reads.reduce(
      (sum, node) => sum + loops(node) * ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)),
      0,
    );
    summary.largestSort = Math.max(
      0,
      ...[...walk(root)].filter((node) => node["Node Type"] === "Sort").map((node) => (node.Plans ?? []).reduce((sum, child) => sum + (child["Actual Rows"] ?? 0) * loops(child), 0)),
    );
  }
  return summary;
}
