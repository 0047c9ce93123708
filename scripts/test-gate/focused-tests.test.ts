import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = process.cwd();
const probeDir = path.join(ROOT, ".data", `gate-focused-probe-${randomBytes(4).toString("hex")}`);
const fromProbe = (file: string) => path.relative(probeDir, path.join(ROOT, file));

/** A run started by hand or by a CI runner that does not set CI: neither runner may then decide to allow `.only`. */
function withoutCi(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "CI" && !key.startsWith("VITEST"))) as NodeJS.ProcessEnv;
}

/** Runs a runner's CLI in the probe folder; resolves with its exit code and output, whether it failed or not. */
async function runIn(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: probeDir, env: withoutCi(), timeout: 90_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

beforeAll(() => {
  mkdirSync(probeDir, { recursive: true });
  // The project's own configurations, pointed at one probe file each: a focused test beside a failing one.
  writeFileSync(
    path.join(probeDir, "vitest.probe.config.mts"),
    `import base from ${JSON.stringify(fromProbe("vitest.config.mts"))};
export default { ...base, test: { ...base.test, include: ["focused.vitest-probe.ts"], exclude: [], globalSetup: [], reporters: ["default"] } };
`,
  );
  writeFileSync(
    path.join(probeDir, "focused.vitest-probe.ts"),
    `import { expect, it } from "vitest";
it.only("the one test someone focused while debugging", () => expect(1).toBe(1));
it("a failing check the focus would hide", () => expect(1).toBe(2));
`,
  );
  writeFileSync(
    path.join(probeDir, "playwright.probe.config.ts"),
    `import base from ${JSON.stringify(fromProbe("playwright.config.ts"))};
export default { ...base, testDir: ".", testMatch: /focused\\.playwright-probe\\.ts$/, outputDir: "results", projects: [{ name: "probe" }], webServer: undefined, reporter: "list" };
`,
  );
  writeFileSync(
    path.join(probeDir, "focused.playwright-probe.ts"),
    `import { expect, test } from "@playwright/test";
test.only("the one test someone focused while debugging", () => expect(1).toBe(1));
test("a failing check the focus would hide", () => expect(1).toBe(2));
`,
  );
});
afterAll(() => rmSync(probeDir, { recursive: true, force: true }));

describe("the project's runners refuse a focused (.only) test, with or without CI set", () => {
  it("Vitest fails the run instead of running the focused test alone", async () => {
    const { code, output } = await runIn([path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", "vitest.probe.config.mts"]);
    expect(output).toContain("Unexpected .only modifier");
    expect(code).not.toBe(0);
  });

  it("Playwright refuses to load the spec (every other spec would silently not run)", async () => {
    const { code, output } = await runIn([path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test", "--list", "--config", "playwright.probe.config.ts"]);
    expect(output).toContain("not allowed due to the 'forbidOnly' option");
    expect(code).not.toBe(0);
  });
});
