import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// `npm test` first runs one deliberately failing spec (e2e/gate) through this same configuration, to prove a
// failure fails; it needs no app, so that run starts no web server.
const gateSelfTest = process.env.CARDHUB_GATE_SELF_TEST === "1";
const baseURL = `http://127.0.0.1:${port}`;

// No network but loopback here: keep Chromium from reaching for Google's services at start-up.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

/** Specs that change what the shared sandbox answers every order (never-issued empties Cardepass's funding account). */
const ALONE_WITH_THE_SANDBOX = /never-issued\.spec\.ts$/;

export default defineConfig({
  testDir: "./e2e",
  outputDir: ".data/e2e/test-results",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // A focused test (.only) runs alone and every other spec silently does not: refused on every machine, CI or not.
  forbidOnly: true,
  reporter: [
    ["list"],
    [
      "json",
      { outputFile: gateSelfTest ? ".data/test-results/gate-playwright.json" : ".data/e2e/results.json" },
    ],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || undefined,
      args: chromiumArgs,
    },
  },
  projects: gateSelfTest
    ? [{ name: "gate-self-test", testMatch: /e2e\/gate\/failing\.gate\.ts$/ }]
    : [
        { name: "setup", testMatch: /auth\.setup\.ts/ },
        { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: ALONE_WITH_THE_SANDBOX, dependencies: ["setup"] },
        // Specs that make a provider refuse everyone for a moment (its funding account emptied): after the others, so
        // no other spec's order meets the refusal.
        { name: "sandbox-refusals", use: { ...devices["Desktop Chrome"] }, testMatch: ALONE_WITH_THE_SANDBOX, dependencies: ["chromium"] },
        // Last: after every other spec ran, nothing secret may be found in the database or the server logs.
        { name: "leak-check", testMatch: /leak\.check\.ts/, dependencies: ["chromium", "sandbox-refusals"] },
      ],
  webServer: gateSelfTest
    ? undefined
    : {
        command: "node --import tsx scripts/e2e-server.ts",
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 240_000,
        stdout: "pipe",
        gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      },
});
