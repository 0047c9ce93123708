import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureLoginRole, grantAppRole } from "@/db/app-role";
import { createDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const run = promisify(execFile);
const operators = (...args: string[]) => operatorsAs(database.url(), ...args);
const operatorsAs = (url: string, ...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/system-operators.ts", ...args], { env: { ...process.env, DATABASE_URL: url }, timeout: 60_000 });

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("npm run operators", () => {
  it("grants, lists and revokes an installation operator by email", async () => {
    await expect(operators("grant", "admin@demo.test")).resolves.toMatchObject({ stdout: expect.stringContaining("admin@demo.test is now an installation operator") });
    await expect(operators("list")).resolves.toMatchObject({ stdout: expect.stringMatching(/^admin@demo\.test\t/m) });
    await expect(operators("revoke", "admin@demo.test")).resolves.toMatchObject({ stdout: expect.stringContaining("is no longer an installation operator") });
    await expect(operators("list")).resolves.toMatchObject({ stdout: expect.stringContaining("nobody is an installation operator") });
  });

  it("refuses an unknown email and a missing argument with a non-zero exit", async () => {
    await expect(operators("grant", "nobody@demo.test")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("No user has the email") });
    await expect(operators("grant")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: npm run operators") });
  });
});

describe("npm run operators as the app's role (README \"Deployment roles\")", () => {
  const role = `cardhub_app_${randomBytes(4).toString("hex")}`;
  let appUrl = "";
  beforeAll(async () => {
    const owner = createDb(database.url(), 1);
    try {
      appUrl = await ensureLoginRole(owner.pool, { ownerUrl: database.url(), role, password: randomBytes(12).toString("hex") });
      await grantAppRole(owner.pool, role);
    } finally {
      await owner.pool.end();
    }
  });
  afterAll(async () => {
    const owner = createDb(database.url(), 1);
    try {
      await owner.pool.query(`drop owned by "${role}"`);
      await owner.pool.query(`drop role if exists "${role}"`);
    } finally {
      await owner.pool.end();
    }
  });

  it("lists, but a grant or revoke is refused in one line that says to run it with the schema owner's URL", async () => {
    await expect(operatorsAs(appUrl, "list")).resolves.toMatchObject({ stdout: expect.stringContaining("nobody is an installation operator") });
    for (const command of ["grant", "revoke"]) {
      const refused = await operatorsAs(appUrl, command, "admin@demo.test").then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split("\n")).toEqual([
        `operators ${command}: the role "${role}" may not change installation operators (permission denied): run it with DATABASE_URL set to the schema owner's URL, the one MIGRATION_DATABASE_URL holds (README "Deployment roles"). Nothing was changed.`,
      ]);
    }
  });
});
