import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { record } from "@/lib/audit/record";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const run = promisify(execFile);

beforeAll(async () => {
  const meta = { actorUserId: null, actorRoles: [], ip: "198.51.100.9", userAgent: "curl/8" };
  await record(database.db(), { organizationId: null, actorEmail: "ghost@nowhere.test", ...meta }, { action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "unknown_email" } });
  await record(database.db(), { organizationId: "00000000-0000-4000-8000-0000000000aa", actorEmail: "known@demo.test", ...meta }, { action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "wrong_password" } });
});

describe("npm run audit:unattributed", () => {
  it("lists the rows no organisation sees, and only those", async () => {
    const { stdout } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-unattributed.ts"], { env: { ...process.env, DATABASE_URL: database.url() }, timeout: 60_000 });
    expect(stdout).toContain("ghost@nowhere.test");
    expect(stdout).toContain("unknown_email");
    expect(stdout).toContain("198.51.100.9");
    expect(stdout).not.toContain("known@demo.test");
  });

  it("takes a count from 1 to 10000 and refuses anything else with its usage and exit code 2", async () => {
    const unattributed = (...args: string[]) =>
      run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-unattributed.ts", ...args], { env: { ...process.env, DATABASE_URL: database.url() }, timeout: 60_000 });
    await expect(unattributed("1")).resolves.toMatchObject({ stdout: expect.stringContaining("ghost@nowhere.test") });
    for (const bad of [["abc"], ["0"], ["-5"], ["2.5"], ["10001"], ["1e3"], ["5", "6"], ["--limit"]]) {
      const refused = unattributed(...bad);
      await expect(refused, bad.join(" ")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: npm run audit:unattributed") });
      expect((await refused.catch((error: { stdout: string }) => error)).stdout).toBe("");
    }
    await expect(unattributed("--help")).resolves.toMatchObject({ stdout: expect.stringContaining("Usage: npm run audit:unattributed") });
  });
});
