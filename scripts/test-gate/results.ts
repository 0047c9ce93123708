import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** What one runner's results say, independently of the exit code it returned. */
export type RunnerVerdict = { passed: number; failed: number; skipped: number; problems: string[] };

type VitestJson = {
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  success?: boolean;
  testResults?: { name: string; status: string; message?: string; assertionResults?: { ancestorTitles?: string[]; title: string; status: string }[] }[];
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

const MAX_NAMED = 20;

/**
 * A test that did not run proves nothing, yet passes a run: skipped, todo, fixme, or left out beside a focused
 * (`.only`) one. Each is a problem, named (up to MAX_NAMED), so a skip left behind cannot pass the gate quietly.
 */
function notRunProblems(counted: number, names: string[], kinds: string): string[] {
  const total = Math.max(counted, names.length);
  if (total === 0) return [];
  const named = names.slice(0, MAX_NAMED).map((name) => `did not run: ${name}`);
  const more = names.length > MAX_NAMED ? [`… and ${names.length - MAX_NAMED} more that did not run`] : [];
  return [`${total} test${total === 1 ? "" : "s"} did not run (${kinds}): make each run, or delete it`, ...named, ...more];
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
  const notRun = (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status !== "passed" && test.status !== "failed")
      .map((test) => `${[path.relative(process.cwd(), file.name), ...(test.ancestorTitles ?? []), test.title].join(" › ")} (${test.status})`),
  );
  verdict.problems.push(...notRunProblems(verdict.skipped, notRun, "skipped or todo"));
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

type PlaywrightSuite = {
  title: string;
  file?: string;
  specs?: { title: string; file?: string; line?: number; tests?: { projectName?: string; status?: string }[] }[];
  suites?: PlaywrightSuite[];
};
type PlaywrightJson = {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: { message?: string }[];
  suites?: PlaywrightSuite[];
};

/** "file:line › describe › test [project]" of every test Playwright skipped (test.skip, test.fixme, a run-time skip). */
function skippedPlaywrightTests(suites: PlaywrightSuite[], titles: string[] = []): string[] {
  return suites.flatMap((suite) => {
    // The top suite of each file is titled with the file's name, which the location already gives.
    const inner = titles.length === 0 && suite.title === suite.file ? [] : [...titles, suite.title];
    const here = (suite.specs ?? []).flatMap((spec) =>
      (spec.tests ?? [])
        .filter((test) => test.status === "skipped")
        .map((test) => `${spec.file ?? suite.file}:${spec.line} › ${[...inner, spec.title].join(" › ")}${test.projectName ? ` [${test.projectName}]` : ""}`),
    );
    return [...here, ...skippedPlaywrightTests(suite.suites ?? [], inner)];
  });
}

/** Reads Playwright's JSON report: unexpected results, skipped tests, errors outside tests (setup, web server), no tests. */
export function playwrightVerdict(report: PlaywrightJson | undefined): RunnerVerdict {
  if (!report?.stats) return { passed: 0, failed: 0, skipped: 0, problems: ["Playwright wrote no JSON report"] };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  const verdict: RunnerVerdict = { passed: expected + flaky, failed: unexpected, skipped, problems: [] };
  if (unexpected > 0) verdict.problems.push(`${unexpected} failed test${unexpected === 1 ? "" : "s"}`);
  // retries are 0, so "flaky" cannot happen; if it ever does, a test failed once and that is a failure too.
  if (flaky > 0) verdict.problems.push(`${flaky} flaky test${flaky === 1 ? "" : "s"}`);
  verdict.problems.push(...notRunProblems(skipped, skippedPlaywrightTests(report.suites ?? []), "skipped or fixme"));
  for (const error of report.errors ?? []) verdict.problems.push(`error outside tests: ${(error.message ?? "unknown").split("\n")[0]}`);
  if (expected + unexpected + flaky === 0) verdict.problems.push("no tests ran");
  return verdict;
}

export const readVitestVerdict = (reportFile: string, runFile: string) => vitestVerdict(readJson(reportFile), readJson(runFile));
export const readPlaywrightVerdict = (reportFile: string) => playwrightVerdict(readJson(reportFile));
