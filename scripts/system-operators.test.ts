import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const run = promisify(execFile);
const operators = (...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/system-operators.ts", ...args], { env: { ...process.env, DATABASE_URL: database.url() }, timeout: 60_000 });

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
