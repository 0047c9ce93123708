import { execFile } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const ANOTHER_KEY = "ff".repeat(32);

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
});

type Run = { code: number | null; stdout: string; stderr: string };

/** One operator command as a child process, with these variables over the test's own (undefined removes one). */
function cli(script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url(), ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete childEnv[name];
  return new Promise((resolve) => {
    execFile(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args], { env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function wrongPasswordUrl(): string {
  const url = new URL(database.url());
  url.password = "not-the-password";
  return url.toString();
}

/** What an operator must never be shown instead of the cause: the SQL with its parameters, a stack, Node's GCM phrase. */
function expectNoNoise(stderr: string): void {
  expect(stderr).not.toMatch(/\bselect\b|params:|\$1/i);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain("Unsupported state or unable to authenticate data");
}

describe("npm run accounts: a failure names its cause", () => {
  it("a database that refuses the password says so, not which query failed with which parameters", async () => {
    const result = await cli("scripts/provider-accounts.ts", ["list"], { DATABASE_URL: wrongPasswordUrl() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^accounts: .*password authentication failed/m);
    expectNoNoise(result.stderr);
  });

  it("an ENCRYPTION_KEY the credentials were not stored under says so", async () => {
    const result = await cli("scripts/provider-accounts.ts", ["test", "--label", "NobePay sandbox"], { ENCRYPTION_KEY: ANOTHER_KEY });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the credentials of "NobePay sandbox" cannot be decrypted with this ENCRYPTION_KEY');
    expectNoNoise(result.stderr);
  });

  it("an unset ENCRYPTION_KEY is named", async () => {
    const result = await cli("scripts/provider-accounts.ts", ["test", "--label", "NobePay sandbox"], { ENCRYPTION_KEY: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ENCRYPTION_KEY is not set");
    expectNoNoise(result.stderr);
  });
});

describe("npm run cardctl -- --account: a failure to load the account names its cause and is no usage error", () => {
  it("a database that refuses the password: the cause, exit status 11 (unknown), not 2 (usage)", async () => {
    const result = await cli("scripts/cardctl.ts", ["ping", "--account", "NobePay sandbox"], { DATABASE_URL: wrongPasswordUrl() });
    expect(result.code).toBe(11);
    expect(result.stderr).toMatch(/^unknown: could not load the provider account "NobePay sandbox": .*password authentication failed/m);
    expect(result.stderr).not.toContain("usage error");
    expectNoNoise(result.stderr);
  });

  it("an unset ENCRYPTION_KEY: the line that names it, exit status 11", async () => {
    const result = await cli("scripts/cardctl.ts", ["ping", "--account", "NobePay sandbox"], { ENCRYPTION_KEY: undefined });
    expect(result.code).toBe(11);
    expect(result.stderr).toContain("ENCRYPTION_KEY is not set");
    expect(result.stderr).not.toContain("usage error");
  });

  it("another ENCRYPTION_KEY: says it does not decrypt the stored credentials, exit status 11", async () => {
    const result = await cli("scripts/cardctl.ts", ["ping", "--account", "NobePay sandbox"], { ENCRYPTION_KEY: ANOTHER_KEY });
    expect(result.code).toBe(11);
    expect(result.stderr).toContain('the credentials of "NobePay sandbox" cannot be decrypted with this ENCRYPTION_KEY');
    expectNoNoise(result.stderr);
  });

  it("a label no account has stays a usage error (2)", async () => {
    const result = await cli("scripts/cardctl.ts", ["ping", "--account", "No such label"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage error: No provider account labelled "No such label"');
  });
});

describe("npm run audit:unattributed: a failure is one line naming its cause", () => {
  it("a database that refuses the password: one line, exit status 1, no stack", async () => {
    const result = await cli("scripts/audit-unattributed.ts", [], { DATABASE_URL: wrongPasswordUrl() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^audit:unattributed: .*password authentication failed/);
    expectNoNoise(result.stderr);
  });
});

describe("npm run operators: a failure is one line naming its cause", () => {
  it("a database that refuses the password: one line, exit status 1, no stack", async () => {
    const result = await cli("scripts/system-operators.ts", ["list"], { DATABASE_URL: wrongPasswordUrl() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^operators: .*password authentication failed/);
    expectNoNoise(result.stderr);
  });
});
