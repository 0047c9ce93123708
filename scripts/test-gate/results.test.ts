import { describe, expect, it } from "vitest";
import { playwrightVerdict, vitestVerdict } from "./results";

const passedRun = { reason: "passed", modules: 1, unhandledErrors: [] };
const passedReport = { numTotalTests: 3, numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, success: true, testResults: [{ name: "a.test.ts", status: "passed", message: "" }] };

describe("the test gate reads Vitest's results, not only its exit code", () => {
  it("passes a run whose results count no failure", () => {
    expect(vitestVerdict(passedReport, passedRun)).toEqual({ passed: 3, failed: 0, skipped: 0, problems: [] });
  });

  it("fails a run with a failed test", () => {
    const verdict = vitestVerdict({ ...passedReport, numPassedTests: 2, numFailedTests: 1, success: false }, { ...passedRun, reason: "failed" });
    expect(verdict.failed).toBe(1);
    expect(verdict.problems).toContain("1 failed test");
  });

  it("fails a file that could not load, though it counts no failed test", () => {
    const report = { ...passedReport, success: false, testResults: [{ name: "broken.test.ts", status: "failed", message: "Cannot find module './gone'" }] };
    expect(vitestVerdict(report, { ...passedRun, reason: "failed" }).problems).toContain("broken.test.ts: Cannot find module './gone'");
  });

  it("fails an error outside tests and a run that ran no test", () => {
    expect(vitestVerdict(passedReport, { ...passedRun, unhandledErrors: ["boom"] }).problems).toContain("error outside tests: boom");
    expect(vitestVerdict({ ...passedReport, numTotalTests: 0, numPassedTests: 0, testResults: [] }, passedRun).problems).toContain("no tests ran");
  });

  it("fails a run in which tests were skipped or left as todo (as .only leaves its neighbours), naming each one", () => {
    const report = {
      ...passedReport,
      numTotalTests: 4,
      numPassedTests: 1,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [
        {
          name: `${process.cwd()}/lib/money.test.ts`,
          status: "passed",
          message: "",
          assertionResults: [
            { ancestorTitles: ["parseMoney"], title: "parses cents", status: "skipped" },
            { ancestorTitles: [], title: "rounds half up", status: "todo" },
            { ancestorTitles: ["amountBoundMinor"], title: "keeps a bound", status: "passed" },
            { ancestorTitles: ["amountBoundMinor"], title: "skipped at run time", status: "skipped" },
          ],
        },
      ],
    };
    expect(vitestVerdict(report, passedRun)).toEqual({
      passed: 1,
      failed: 0,
      skipped: 3,
      problems: [
        "3 tests did not run (skipped or todo): make each run, or delete it",
        "did not run: lib/money.test.ts › parseMoney › parses cents (skipped)",
        "did not run: lib/money.test.ts › rounds half up (todo)",
        "did not run: lib/money.test.ts › amountBoundMinor › skipped at run time (skipped)",
      ],
    });
  });

  it("names at most twenty tests that did not run, and says how many more", () => {
    const assertionResults = Array.from({ length: 25 }, (_, index) => ({ ancestorTitles: ["group"], title: `case ${index}`, status: "skipped" }));
    const report = { ...passedReport, numTotalTests: 25, numPassedTests: 0, numPendingTests: 25, testResults: [{ name: "a.test.ts", status: "passed", message: "", assertionResults }] };
    const { problems } = vitestVerdict(report, passedRun);
    expect(problems[0]).toBe("25 tests did not run (skipped or todo): make each run, or delete it");
    expect(problems.filter((problem) => problem.startsWith("did not run: "))).toHaveLength(20);
    expect(problems.at(-1)).toBe("… and 5 more that did not run");
  });

  it("fails when a report or the run summary is missing", () => {
    expect(vitestVerdict(undefined, passedRun).problems).toEqual(["Vitest wrote no JSON report"]);
    expect(vitestVerdict(passedReport, undefined).problems).toEqual(["Vitest wrote no run summary (did it end early?)"]);
  });
});

describe("the test gate reads Playwright's results, not only its exit code", () => {
  it("passes a run with only expected results", () => {
    expect(playwrightVerdict({ stats: { expected: 5, unexpected: 0, flaky: 0, skipped: 0 }, errors: [] })).toEqual({ passed: 5, failed: 0, skipped: 0, problems: [] });
  });

  it("fails a run in which a test was skipped or marked fixme, naming each one", () => {
    const test = (status: string) => ({ projectName: "chromium", status });
    const report = {
      stats: { expected: 1, unexpected: 0, flaky: 0, skipped: 2 },
      errors: [],
      suites: [
        {
          title: "cards.spec.ts",
          file: "cards.spec.ts",
          specs: [{ title: "issues a card", file: "cards.spec.ts", line: 12, tests: [test("expected")] }],
          suites: [
            {
              title: "the cardholder",
              file: "cards.spec.ts",
              specs: [
                { title: "reads the limits", file: "cards.spec.ts", line: 73, tests: [test("skipped")] },
                { title: "asks for a top-up", file: "cards.spec.ts", line: 90, tests: [test("skipped")] },
              ],
            },
          ],
        },
      ],
    };
    expect(playwrightVerdict(report)).toEqual({
      passed: 1,
      failed: 0,
      skipped: 2,
      problems: [
        "2 tests did not run (skipped or fixme): make each run, or delete it",
        "did not run: cards.spec.ts:73 › the cardholder › reads the limits [chromium]",
        "did not run: cards.spec.ts:90 › the cardholder › asks for a top-up [chromium]",
      ],
    });
  });

  it("fails a counted skip even when the report does not say which test it was", () => {
    expect(playwrightVerdict({ stats: { expected: 3, skipped: 1 }, errors: [] }).problems).toEqual(["1 test did not run (skipped or fixme): make each run, or delete it"]);
  });

  it("fails unexpected results, flaky results, errors outside tests and an empty run", () => {
    expect(playwrightVerdict({ stats: { expected: 4, unexpected: 1 }, errors: [] }).problems).toEqual(["1 failed test"]);
    expect(playwrightVerdict({ stats: { expected: 4, flaky: 2 } }).problems).toEqual(["2 flaky tests"]);
    expect(playwrightVerdict({ stats: { expected: 4 }, errors: [{ message: "Error: webServer exited early\n at …" }] }).problems).toEqual([
      "error outside tests: Error: webServer exited early",
    ]);
    expect(playwrightVerdict({ stats: { expected: 0, unexpected: 0 } }).problems).toEqual(["no tests ran"]);
    expect(playwrightVerdict(undefined).problems).toEqual(["Playwright wrote no JSON report"]);
  });
});
