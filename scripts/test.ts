import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { readPlaywrightVerdict, readVitestVerdict, type RunnerVerdict } from "./test-gate/results";

/**
 * `npm test`: every check the project has, in order, stopping at the first failure. A step fails when its process
 * exits non-zero OR when its runner's own results count a failure, an error outside tests, or no tests at all: an
 * exit code alone once let a failing suite through (a library's exit hook replaced Vitest's).
 */

type Step = { name: string; command: string[]; env?: Record<string, string>; verdict?: () => RunnerVerdict };

const node = process.execPath;
const bin = (pkg: string, file: string) => `node_modules/${pkg}/${file}`;
const RESULTS = ".data/test-results";
const vitestCommand = [node, bin("vitest", "vitest.mjs"), "run"];
const playwrightCommand = [node, bin("@playwright/test", "cli.js"), "test"];
const vitestVerdict = (prefix = "") => readVitestVerdict(`${RESULTS}/${prefix}vitest.json`, `${RESULTS}/${prefix}vitest-run.json`);

function findChromium(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) if (existsSync(candidate)) return candidate;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("\n▶ installing Debian's chromium for the end-to-end suite (apt-get)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
    if (install.status === 0 && existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
    console.error("Could not install chromium with apt-get.");
  }
  return undefined; // Playwright's own browser, if the user installed one
}

function run(command: string[], env: NodeJS.ProcessEnv): number {
  const result = spawnSync(command[0]!, command.slice(1), { stdio: "inherit", env });
  if (result.error) console.error(result.error.message);
  return result.status ?? (result.signal ? 128 : 1);
}

const chromium = findChromium();
const browserEnv: Record<string, string> = chromium ? { PLAYWRIGHT_CHROMIUM_EXECUTABLE: chromium } : {};

/**
 * The gate tests itself: one deliberately failing Vitest test and one Playwright spec, run through the project's
 * own configurations, must each be reported failed with a non-zero exit. If a runner ever swallows a failure
 * again, this step fails the whole run before anything else is trusted.
 */
function gateSelfTest(): string[] {
  const problems: string[] = [];
  const env = { ...process.env, ...browserEnv, CARDHUB_GATE_SELF_TEST: "1" };
  const cases = [
    { runner: "Vitest", command: vitestCommand, verdict: () => vitestVerdict("gate-") },
    { runner: "Playwright", command: playwrightCommand, verdict: () => readPlaywrightVerdict(`${RESULTS}/gate-playwright.json`) },
  ];
  for (const { runner, command, verdict } of cases) {
    console.log(`\n  (a deliberately failing ${runner} test follows: its failure is the expected result)\n`);
    const status = run(command, env);
    const counted = verdict();
    if (status === 0) problems.push(`${runner} exited 0 with a failing test: failures would pass unseen`);
    if (counted.failed !== 1) problems.push(`${runner}'s results count ${counted.failed} failed tests instead of 1`);
  }
  return problems;
}

rmSync(RESULTS, { recursive: true, force: true });
rmSync(".data/e2e/results.json", { force: true });
rmSync(".data/e2e-dev/results.json", { force: true });

const steps: Step[] = [
  { name: "typecheck", command: [node, bin("typescript", "bin/tsc"), "--noEmit", "-p", "."] },
  { name: "lint", command: [node, bin("eslint", "bin/eslint.js"), ".", "--max-warnings=0"] },
  { name: "unit and integration tests", command: vitestCommand, verdict: () => vitestVerdict() },
  // Money-moving operations under injected provider faults and killed processes, compared with the sandbox's state.
  { name: "fault suite (40 operations)", command: [node, "--import", "tsx", "scripts/test-faults.ts", "--ops", "40"] },
  { name: "production build", command: [node, bin("next", "dist/bin/next"), "build"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
  { name: "first-load JavaScript budget", command: [node, "--import", "tsx", "scripts/bundle-size.ts"] },
  { name: "end-to-end tests", command: playwrightCommand, env: browserEnv, verdict: () => readPlaywrightVerdict(".data/e2e/results.json") },
  {
    name: "development server leak check",
    command: [...playwrightCommand, "-c", "playwright.dev.config.ts"],
    env: browserEnv,
    verdict: () => readPlaywrightVerdict(".data/e2e-dev/results.json"),
  },
];

const totals = { passed: 0, failed: 0, skipped: 0 };
function fail(step: string, seconds: number, problems: string[]): never {
  console.error(`\n✗ ${step} failed after ${seconds} s`);
  for (const problem of problems) console.error(`  - ${problem}`);
  console.log(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
  process.exit(1);
}

const started = Date.now();
{
  console.log("\n▶ gate self-test");
  const stepStarted = Date.now();
  const problems = gateSelfTest();
  const seconds = Math.round((Date.now() - stepStarted) / 1000);
  if (problems.length > 0) fail("gate self-test", seconds, problems);
  console.log(`✓ gate self-test: both runners report a failing test and exit non-zero (${seconds} s)`);
}

for (const step of steps) {
  console.log(`\n▶ ${step.name}`);
  const stepStarted = Date.now();
  const status = run(step.command, { ...process.env, ...step.env });
  const seconds = Math.round((Date.now() - stepStarted) / 1000);
  const verdict = step.verdict?.();
  if (verdict) {
    totals.passed += verdict.passed;
    totals.failed += verdict.failed;
    totals.skipped += verdict.skipped;
  }
  const problems = [...(status !== 0 ? [`exit code ${status}`] : []), ...(verdict?.problems ?? [])];
  if (problems.length > 0) fail(step.name, seconds, problems);
  console.log(`✓ ${step.name} (${seconds} s)`);
}
console.log(`\nAll checks passed in ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
