import { defineConfig } from "vitest/config";
import path from "node:path";
import VitestRunReporter from "./scripts/test-gate/vitest-run-reporter.ts";

// `npm test` first runs one deliberately failing test through this same configuration, to prove a failure fails.
const gateSelfTest = process.env.CARDHUB_GATE_SELF_TEST === "1";
const results = (name: string) => `.data/test-results/${gateSelfTest ? "gate-" : ""}${name}`;

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: gateSelfTest ? ["scripts/test-gate/self-test/*.gate.ts"] : ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", ".data/**", "e2e/**"],
    environment: "node",
    // A focused test (.only) silently drops the rest of its file: refused on every machine, not only where CI is set.
    allowOnly: false,
    globalSetup: ["./scripts/vitest-global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: results("vitest.json") }], new VitestRunReporter({ outputFile: results("vitest-run.json") })],
  },
});
