import { defineConfig } from "@playwright/test";
import baseConfig from "./playwright.config";

// The development server's own leak check: the same browser setup as the main suite, against `next dev`.
process.env.E2E_PORT ??= "3190";
process.env.E2E_SANDBOX_PORT ??= "4019";
process.env.E2E_PG_PORT ??= "25339";
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  ...baseConfig,
  testDir: "./e2e/dev",
  testMatch: /\.dev\.ts$/,
  outputDir: ".data/e2e-dev/test-results",
  timeout: 420_000, // the development server compiles each page on its first request
  expect: { timeout: 60_000 },
  reporter: [["list"], ["json", { outputFile: ".data/e2e-dev/results.json" }]],
  use: { ...baseConfig.use, baseURL },
  projects: [{ name: "development server" }],
  webServer: {
    command: "node --import tsx scripts/e2e-dev-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
