import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

/**
 * Writes what Vitest's own JSON report leaves out: errors outside any test (unhandled rejections, a crashing
 * worker) and why the run ended. The gate reads it beside the JSON report (scripts/test-gate/results.ts).
 */
export default class VitestRunReporter implements Reporter {
  constructor(private readonly options: { outputFile: string }) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    mkdirSync(path.dirname(this.options.outputFile), { recursive: true });
    writeFileSync(
      this.options.outputFile,
      JSON.stringify({
        reason,
        modules: testModules.length,
        unhandledErrors: unhandledErrors.map((error) => error.message ?? String(error)),
      }),
    );
  }
}
