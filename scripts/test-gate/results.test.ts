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

  it("fails when a report or the run summary is missing", () => {
    expect(vitestVerdict(undefined, passedRun).problems).toEqual(["Vitest wrote no JSON report"]);
    expect(vitestVerdict(passedReport, undefined).problems).toEqual(["Vitest wrote no run summary (did it end early?)"]);
  });
});

describe("the test gate reads Playwright's results, not only its exit code", () => {
  it("passes a run with only expected results", () => {
    expect(playwrightVerdict({ stats: { expected: 5, unexpected: 0, flaky: 0, skipped: 1 }, errors: [] })).toEqual({ passed: 5, failed: 0, skipped: 1, problems: [] });
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
