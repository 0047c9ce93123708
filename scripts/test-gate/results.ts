import { existsSync, readFileSync } from "node:fs";

/** What one runner's results say, independently of the exit code it returned. */
export type RunnerVerdict = { passed: number; failed: number; skipped: number; problems: string[] };

type VitestJson = {
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  success?: boolean;
  testResults?: { name: string; status: string; message?: string }[];
};
type VitestRun = { reason?: string; modules?: number; unhandledErrors?: string[] };

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Reads Vitest's JSON report and the run reporter's file; every problem found is named. */
export function vitestVerdict(report: VitestJson | undefined, run: VitestRun | undefined): RunnerVerdict {
  if (!report) return { passed: 0, failed: 0, skipped: 0, problems: ["Vitest wrote no JSON report"] };
  const verdict: RunnerVerdict = {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    problems: [],
  };
  if (verdict.failed > 0) verdict.problems.push(`${verdict.failed} failed test${verdict.failed === 1 ? "" : "s"}`);
  // A file that fails to load has no failed test, only a failed file.
  const failedFiles = (report.testResults ?? []).filter((file) => file.status === "failed" && (file.message ?? "") !== "");
  for (const file of failedFiles) verdict.problems.push(`${file.name}: ${file.message}`);
  if ((report.numTotalTests ?? 0) === 0) verdict.problems.push("no tests ran");
  if (report.success === false && verdict.problems.length === 0) verdict.problems.push("the report says the run did not succeed");
  if (!run) verdict.problems.push("Vitest wrote no run summary (did it end early?)");
  else {
    for (const message of run.unhandledErrors ?? []) verdict.problems.push(`error outside tests: ${message}`);
    if (run.reason && run.reason !== "passed") verdict.problems.push(`the run ended as "${run.reason}"`);
  }
  return verdict;
}

type PlaywrightJson = {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: { message?: string }[];
};

/** Reads Playwright's JSON report: unexpected results, errors outside tests (setup, web server), no tests. */
export function playwrightVerdict(report: PlaywrightJson | undefined): RunnerVerdict {
  if (!report?.stats) return { passed: 0, failed: 0, skipped: 0, problems: ["Playwright wrote no JSON report"] };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  const verdict: RunnerVerdict = { passed: expected + flaky, failed: unexpected, skipped, problems: [] };
  if (unexpected > 0) verdict.problems.push(`${unexpected} failed test${unexpected === 1 ? "" : "s"}`);
  // retries are 0, so "flaky" cannot happen; if it ever does, a test failed once and that is a failure too.
  if (flaky > 0) verdict.problems.push(`${flaky} flaky test${flaky === 1 ? "" : "s"}`);
  for (const error of report.errors ?? []) verdict.problems.push(`error outside tests: ${(error.message ?? "unknown").split("\n")[0]}`);
  if (expected + unexpected + flaky === 0) verdict.problems.push("no tests ran");
  return verdict;
}

export const readVitestVerdict = (reportFile: string, runFile: string) => vitestVerdict(readJson(reportFile), readJson(runFile));
export const readPlaywrightVerdict = (reportFile: string) => playwrightVerdict(readJson(reportFile));
