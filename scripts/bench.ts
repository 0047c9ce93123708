import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createDb } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import { transactionSearchString } from "@/lib/transactions/list-search";
import { BENCH_AUDIT_KEY, chainAuditRows } from "./bench/audit-chain";
import { buildCases } from "./bench/cases";
import { openBenchDatabase } from "./bench/database";
import { BENCH_PASSWORD, BENCH_FINANCE_EMAIL, BENCH_MANAGER_EMAIL, generateBenchData } from "./bench/generate";
import { downloadCsv, peakRssMb, resetPeakRss, signIn, startAppServer, timePageBesideBaseline, warmUpPages, WARMUP_LOADS_PER_PAGE, type AppServer } from "./bench/http";
import { explainAll, percentiles, recordingDb, runStatements, time, type Percentiles } from "./bench/measure";
import { formatTable, writeResults, type BenchResults, type CaseResult } from "./bench/report";
import { SCALE_NAMES, SCALES, type ScaleName } from "./bench/scales";

/** The empty dashboard page: the same layout and session checks as every list, and no data of its own. */
const BASELINE_PATH = "/bench-baseline";

function log(line: string): void {
  console.log(`[bench] ${line}`);
}

function options(): { scale: ScaleName; http: boolean; iterations?: number } {
  const { values } = parseArgs({
    options: { scale: { type: "string", default: "default" }, "no-http": { type: "boolean", default: false }, iterations: { type: "string" } },
  });
  if (!(SCALE_NAMES as readonly string[]).includes(values.scale)) throw new Error(`--scale must be one of ${SCALE_NAMES.join(", ")}`);
  const iterations = values.iterations ? Number(values.iterations) : undefined;
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations > 0)) throw new Error("--iterations must be a positive whole number");
  return { scale: values.scale as ScaleName, http: !values["no-http"], iterations };
}

async function main(): Promise<void> {
  const started = performance.now();
  const { scale: scaleName, http, iterations: iterationsOverride } = options();
  const scale = SCALES[scaleName];
  const iterations = iterationsOverride ?? scale.iterations;
  log(`scale ${scaleName}: ${scale.cards} cards, ${scale.transactions} transactions, ${scale.auditRows} audit rows`);
  const bench = await openBenchDatabase(log);
  let server: AppServer | undefined;
  const generator = createDb(bench.url, 1);
  const measuring = createDb(bench.url, 4);
  try {
    const fixture = await generateBenchData(generator.db, scale, log);
    log(`audit chain linked over ${await chainAuditRows(generator.db)} rows`);
    await generator.db.execute(sql`vacuum analyze audit_log`);
    // Write the bulk load's dirty pages out now, so the background flush of gigabytes does not land in the timings.
    // CHECKPOINT needs a superuser or pg_checkpoint: on a server where the bench has neither, the timings go on without.
    await generator.db.execute(sql`checkpoint`).then(
      () => log("checkpoint after the load"),
      () => log("no CHECKPOINT privilege: timings may include the load's background writes"),
    );
    await generator.pool.end();

    const recorder = recordingDb(measuring.pool);
    const cases = await buildCases(recorder.db, fixture);
    const results: CaseResult[] = [];
    const details = new Map<string, string>();
    for (const benchCase of cases) {
      const statements = await recorder.record(() => benchCase.run(recorder.db));
      const fn = await time(() => benchCase.run(recorder.db), iterations);
      const raw = await time(() => runStatements(measuring.pool, statements), iterations);
      const plan = await explainAll(measuring.pool, statements);
      details.set(`${benchCase.list}/${benchCase.case}/${benchCase.role}`, `${plan.plan} (${plan.detail})`);
      results.push({ list: benchCase.list, case: benchCase.case, role: benchCase.role, fnP50Ms: fn.p50Ms, fnP95Ms: fn.p95Ms, httpP50Ms: null, httpP95Ms: null, rawP50Ms: raw.p50Ms, rawP95Ms: raw.p95Ms, baselineP50Ms: null, baselineP95Ms: null, plan: plan.plan });
    }
    log(`functions and raw SQL timed (${cases.length} cases × ${iterations})`);

    const verifyStarted = performance.now();
    const verification = await verifyAuditChain(measuring.db, { key: BENCH_AUDIT_KEY });
    const verifySeconds = (performance.now() - verifyStarted) / 1000;
    if (!verification.ok) throw new Error(`the generated audit chain does not verify at row ${verification.firstBadId}: ${verification.reason}`);
    log(`chain verification: ${verification.checked} rows in ${verifySeconds.toFixed(1)} s`);

    let baseline: Percentiles = { p50Ms: Number.NaN, p95Ms: Number.NaN };
    let exported: BenchResults["export"] = { rows: 0, rowsPerSecond: 0, peakRssMb: 0, halfRows: 0, halfPeakRssMb: 0, constantMemory: false };
    if (http) {
      server = await startAppServer({ databaseUrl: bench.url, port: Number(process.env.BENCH_APP_PORT ?? 3308), log });
      const cookies = { finance: await signIn(server.baseUrl, BENCH_FINANCE_EMAIL, BENCH_PASSWORD), manager: await signIn(server.baseUrl, BENCH_MANAGER_EMAIL, BENCH_PASSWORD) };
      await warmUpPages(
        server.baseUrl,
        cases.flatMap((benchCase) => (benchCase.httpPath ? [{ group: benchCase.list, path: benchCase.httpPath, cookie: cookies[benchCase.role] }] : [])),
        Object.values(cookies).map((cookie) => ({ path: BASELINE_PATH, cookie })),
      );
      log(`server warmed up (each page's code served ${WARMUP_LOADS_PER_PAGE} times before any is timed)`);
      // Each case's page is timed in turn with the empty page as the same role (see timePageBesideBaseline); the run's
      // baseline pools every one of those samples.
      const baselineSamples: number[] = [];
      for (const [index, benchCase] of cases.entries()) {
        if (!benchCase.httpPath) continue;
        const timed = await timePageBesideBaseline(
          server.baseUrl,
          { path: benchCase.httpPath, cookie: cookies[benchCase.role] },
          { path: BASELINE_PATH, cookie: cookies[benchCase.role] },
          iterations,
        );
        const beside = percentiles(timed.baselineSamples);
        results[index] = { ...results[index]!, httpP50Ms: timed.page.p50Ms, httpP95Ms: timed.page.p95Ms, baselineP50Ms: beside.p50Ms, baselineP95Ms: beside.p95Ms };
        baselineSamples.push(...timed.baselineSamples);
      }
      baseline = percentiles(baselineSamples);
      log(`pages timed over HTTP (each beside the empty page; baseline from ${baselineSamples.length} samples)`);
      // Constant memory: the peak while exporting about half the transactions should match the peak for all of them.
      // Each export runs in a server of its own, started for it, so neither peak carries the heap that rendering
      // hundreds of pages (or the other export) left behind.
      const exportIn = async (path: string) => {
        await server?.stop();
        server = await startAppServer({ databaseUrl: bench.url, port: Number(process.env.BENCH_APP_PORT ?? 3308), log });
        const cookie = await signIn(server.baseUrl, BENCH_FINANCE_EMAIL, BENCH_PASSWORD);
        const pid = server.process.pid!;
        resetPeakRss(pid);
        const result = await downloadCsv(server.baseUrl, path, cookie);
        return { ...result, peakRssMb: peakRssMb(pid) };
      };
      const half = await exportIn(`/transactions/export${transactionSearchString({ from: fixture.dateFrom })}`);
      const full = await exportIn("/transactions/export");
      const constantMemory = Math.abs(full.peakRssMb - half.peakRssMb) <= 0.2 * Math.min(full.peakRssMb, half.peakRssMb);
      exported = { rows: full.rows, rowsPerSecond: Math.round(full.rows / full.seconds), peakRssMb: full.peakRssMb, halfRows: half.rows, halfPeakRssMb: half.peakRssMb, constantMemory };
      log(`CSV export (transactions): ${half.rows} rows → peak RSS ${half.peakRssMb} MB; ${full.rows} rows → peak RSS ${full.peakRssMb} MB (${constantMemory ? "within 20%" : "NOT within 20%"})`);
    }

    const report: BenchResults = {
      scale: { cards: scale.cards, transactions: scale.transactions, auditRows: scale.auditRows },
      baseline,
      cases: results,
      export: exported,
      verify: { rowsPerSecond: Math.round(verification.checked / verifySeconds) },
    };
    console.log(`\n${formatTable(report, details)}\n`);
    log(`results written to ${writeResults(report)} (${((performance.now() - started) / 1000).toFixed(0)} s in all)`);
  } finally {
    await server?.stop();
    await generator.pool.end().catch(() => undefined);
    await measuring.pool.end();
    await bench.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    // drizzle wraps PostgreSQL's own error (e.g. "integer out of range") as the cause of "Failed query".
    if (error instanceof Error && error.cause) console.error(`[bench] cause: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`);
    process.exit(1);
  },
);
