import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { checkoutPort } from "./lib/checkout-port";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";

type Run = { code: number | null; stdout: string; stderr: string };

/**
 * README "Production configuration": an operator's shell often lacks the unit's variables. Without a database URL an
 * operator command acts only on the development database `npm run dev` made in .data/pg, and says so; it never makes
 * one. A checkout of its own (its migrations linked in), under .data: as root the server runs as the "postgres" user,
 * who must reach it.
 */
const checkout = path.resolve(".data/tmp", `operator-dev-db-${randomUUID()}`);

/** One operator script run in that checkout, with no database URL (nor anything else an operator's shell may lack). */
function run(script: string, args: string[] = [], extra: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ["DATABASE_URL", "MIGRATION_DATABASE_URL", "EMBEDDED_PG_PORT", "APP_URL", "AUTH_SECRET", "ENCRYPTION_KEY", "AUDIT_HMAC_KEY", "AUDIT_ANCHOR_DIR"]) {
    if (!(name in extra)) delete env[name];
  }
  if (!("PORT" in extra)) delete env.PORT;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve(script), ...args], { cwd: checkout, env, timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const database = withTestDatabase();
const organization = ["--organization", "Acme Ltd", "--admin-email", "ada@acme.example", "--admin-name", "Ada Admin"];

beforeAll(() => {
  mkdirSync(checkout, { recursive: true });
  symlinkSync(path.resolve("db"), path.join(checkout, "db"));
});
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

describe("operator commands without DATABASE_URL, in a checkout that never ran `npm run dev`", () => {
  it("npm run db:migrate refuses, naming the variables, and makes no database", { timeout: 180_000 }, async () => {
    const result = await run("scripts/migrate.ts");
    expect(result.code, result.stdout).toBe(1);
    expect(result.stderr).toContain("db:migrate: DATABASE_URL and MIGRATION_DATABASE_URL are not set, and there is no development database in .data/pg");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(path.join(checkout, ".data", "pg"))).toBe(false);
  });

  it("npm run setup refuses in one line, and makes neither a database nor development secrets", { timeout: 60_000 }, async () => {
    const result = await run("scripts/setup.ts", organization);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringContaining("setup: DATABASE_URL is not set, and there is no development database in .data/pg")]);
    expect(existsSync(path.join(checkout, ".data", "pg"))).toBe(false);
    expect(existsSync(path.join(checkout, ".data", "dev-secrets.json"))).toBe(false);
  });

  it.each([
    ["scripts/provider-accounts.ts", ["list"], "accounts list"],
    ["scripts/system-operators.ts", ["list"], "operators list"],
    ["scripts/audit-unattributed.ts", [], "audit:unattributed"],
  ])("%s refuses in one line that names the command once, exit status 1, no stack", { timeout: 60_000 }, async (script, args, command) => {
    const result = await run(script, args);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^${command}: DATABASE_URL is not set, and there is no development database in \\.data/pg`))]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(path.join(checkout, ".data", "pg"))).toBe(false);
  });
});

describe("operator commands without DATABASE_URL, once `npm run dev` made the development database", () => {
  beforeAll(async () => {
    // What `npm run dev`'s first start leaves behind: a cluster in .data/pg, stopped.
    const server = await startEmbeddedPostgres({ dataDir: path.join(checkout, ".data", "pg"), port: checkoutPort(56000, 1000, checkout), pickFreePort: true, database: "cardhub", log: () => undefined });
    await server.stop();
  }, 120_000);

  it("npm run db:migrate acts on it, on the checkout's own port, and says it was the development database", { timeout: 180_000 }, async () => {
    const { code, stdout, stderr } = await run("scripts/migrate.ts");
    expect(code, stderr).toBe(0);
    const port = Number(/applied to the development database in \.data\/pg \(127\.0\.0\.1:(\d+)\/cardhub\)/.exec(stdout)?.[1]);
    // The checkout's port, or the next free one after it when something else holds it.
    const own = checkoutPort(56000, 1000, checkout);
    expect(port, stdout).toBeGreaterThanOrEqual(own);
    expect(port).toBeLessThan(own + 50);
  });

  it("npm run setup refuses to create an organisation there unless told to, since the demo seed owns it", { timeout: 60_000 }, async () => {
    const refused = await run("scripts/setup.ts", organization);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("setup: DATABASE_URL is not set, so this would act on the development database in .data/pg");
    expect(refused.stderr).toContain("--dev-database");
    expect(refused.stdout).not.toContain("/invite/");
  });

  it("with --dev-database it creates it there, says so, and links to the app's dev address (PORT, as `npm run dev`)", { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await run("scripts/setup.ts", [...organization, "--dev-database"], { PORT: "3350" });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Created the organisation "Acme Ltd" and its administrator ada@acme\.example in the development database in \.data\/pg \(127\.0\.0\.1:\d+\/cardhub\)\.$/m);
    expect(stdout).toMatch(/^ {2}http:\/\/127\.0\.0\.1:3350\/invite\/[A-Za-z0-9_-]+$/m);
    expect(stderr).not.toContain("APP_URL is not set");
  });
});

describe("operator commands with DATABASE_URL", () => {
  it("npm run db:migrate names the database it acted on by its host and name, never its password", { timeout: 180_000 }, async () => {
    const { code, stdout, stderr } = await run("scripts/migrate.ts", [], { DATABASE_URL: database.url() });
    expect(code, stderr).toBe(0);
    const { host, pathname } = new URL(database.url());
    expect(stdout).toContain(`db:migrate: 0 migration(s) applied to the database at ${host}${pathname} as "`);
    expect(stdout).not.toContain("postgres://");
  });
});
