import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

/** `npm test`: every check the project has, in order, stopping at the first failure. */

type Step = { name: string; command: string[]; env?: Record<string, string> };

const node = process.execPath;
const bin = (pkg: string, file: string) => `node_modules/${pkg}/${file}`;

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

function countResults(): { passed: number; failed: number; skipped: number } {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(".data/vitest-results.json")) {
    const vitest = JSON.parse(readFileSync(".data/vitest-results.json", "utf8")) as Record<string, number>;
    totals.passed += vitest.numPassedTests ?? 0;
    totals.failed += vitest.numFailedTests ?? 0;
    totals.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  }
  if (existsSync(".data/e2e/results.json")) {
    const stats = (JSON.parse(readFileSync(".data/e2e/results.json", "utf8")) as { stats?: Record<string, number> }).stats ?? {};
    totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    totals.failed += stats.unexpected ?? 0;
    totals.skipped += stats.skipped ?? 0;
  }
  return totals;
}

rmSync(".data/vitest-results.json", { force: true });
rmSync(".data/e2e/results.json", { force: true });

const steps: Step[] = [
  { name: "typecheck", command: [node, bin("typescript", "bin/tsc"), "--noEmit", "-p", "."] },
  { name: "lint", command: [node, bin("eslint", "bin/eslint.js"), ".", "--max-warnings=0"] },
  {
    name: "unit and integration tests",
    command: [node, bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", "--outputFile.json=.data/vitest-results.json"],
  },
  { name: "production build", command: [node, bin("next", "dist/bin/next"), "build"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
  { name: "end-to-end tests", command: [node, bin("@playwright/test", "cli.js"), "test"] },
];

const started = Date.now();
for (const step of steps) {
  const env = { ...process.env, ...step.env } as NodeJS.ProcessEnv;
  if (step.name === "end-to-end tests") {
    const chromium = findChromium();
    if (chromium) env.PLAYWRIGHT_CHROMIUM_EXECUTABLE = chromium;
  }
  console.log(`\n▶ ${step.name}`);
  const stepStarted = Date.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), { stdio: "inherit", env });
  const seconds = Math.round((Date.now() - stepStarted) / 1000);
  if (result.status !== 0) {
    const totals = countResults();
    console.error(`\n✗ ${step.name} failed after ${seconds} s`);
    console.log(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${step.name} (${seconds} s)`);
}
const totals = countResults();
console.log(`\nAll checks passed in ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
