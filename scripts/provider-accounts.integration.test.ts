import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { decryptJson } from "@/lib/crypto";
import { createBoss } from "@/lib/jobs/boss";
import { createJobQueue } from "@/lib/jobs/job-queue";
import { JOBS } from "@/lib/jobs/registry";
import { withTestDatabase } from "@/test/database";

const run = promisify(execFile);
const database = withTestDatabase();
const NEW_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("npm run accounts -- rotate-key", () => {
  const cli = (env: Record<string, string>) =>
    run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/provider-accounts.ts", "rotate-key"], {
      env: { ...process.env, DATABASE_URL: database.url(), ...env },
    });

  it("refuses without a new key, then re-encrypts every account under it and says what to do next", async () => {
    await expect(cli({ NEW_ENCRYPTION_KEY: "" })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("NEW_ENCRYPTION_KEY") });
    const oldKey = process.env.ENCRYPTION_KEY!;
    const before = await database.db().select().from(providerAccounts);
    const { stdout } = await cli({ ENCRYPTION_KEY: oldKey, NEW_ENCRYPTION_KEY: NEW_KEY });
    expect(stdout).toContain(`Re-encrypted ${before.length} provider account(s)`);
    expect(stdout).not.toContain(NEW_KEY);
    for (const row of await database.db().select().from(providerAccounts)) {
      const original = before.find((item) => item.id === row.id)!;
      expect(decryptJson(row.credentialsEncrypted, NEW_KEY)).toEqual(decryptJson(original.credentialsEncrypted, oldKey));
    }
  });
});

describe("npm run accounts -- add", () => {
  it("queues the new account's products refresh (and its funding and statements reads) for the worker", async () => {
    // The queues as a deployment has them (prepareDatabase); no worker runs here, so the jobs stay queued.
    const boss = createBoss(database.url(), { supervise: false, schedule: false });
    await boss.start();
    for (const job of JOBS) await createJobQueue(boss, job);
    await boss.stop({ graceful: false, wait: true });

    const { stdout } = await run(
      process.execPath,
      [
        "node_modules/tsx/dist/cli.mjs",
        "scripts/provider-accounts.ts",
        "add",
        "--provider",
        "nobepay",
        "--label",
        "NobePay CLI",
        "--base-url",
        "http://127.0.0.1:9/nobepay-cli",
        "--credentials",
        '{"appKey":"cli-key","appSecret":"cli-secret"}',
        "--no-check",
      ],
      { env: { ...process.env, DATABASE_URL: database.url() } },
    );
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.label, "NobePay CLI"));
    expect(stdout).toContain(`Connected "NobePay CLI" (${account!.id})`);
    const queued = await database.db().execute<{ name: string; data: unknown }>(
      sql`select name, data from pgboss.job where data->>'accountId' = ${account!.id} order by name`,
    );
    expect(queued.rows).toEqual([
      { name: "funding.refresh", data: { accountId: account!.id } },
      { name: "products.refresh", data: { accountId: account!.id } },
      { name: "statements.sync", data: { accountId: account!.id } },
    ]);
  });
});
