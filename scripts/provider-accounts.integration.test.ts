import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { DEMO_ORGANIZATION, seedDemo } from "@/db/seed";
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

  it("refuses a malformed NEW_ENCRYPTION_KEY by its name, not the current key's, and changes nothing", async () => {
    const before = await database.db().select().from(providerAccounts);
    const refused = cli({ NEW_ENCRYPTION_KEY: "notakeyNOTAKEY12345" });
    await expect(refused).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("NEW_ENCRYPTION_KEY must be 32 bytes") });
    expect((await refused.catch((error: { stderr: string }) => error)).stderr).not.toMatch(/(^|[^_])ENCRYPTION_KEY must/);
    expect(await database.db().select().from(providerAccounts)).toEqual(before);
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

describe("npm run accounts -- add, secrets kept off the command line", () => {
  const accounts = (args: string[], stdin?: string) => {
    const running = run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/provider-accounts.ts", ...args], {
      env: { ...process.env, DATABASE_URL: database.url() },
    });
    running.child.stdin?.end(stdin ?? "");
    return running;
  };
  const add = (label: string) => ["add", "--provider", "nobepay", "--label", label, "--base-url", `http://127.0.0.1:9/${label.replace(/\W/g, "-")}`, "--no-check"];
  const storedCredentials = async (label: string) => {
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.label, label));
    return account ? decryptJson(account.credentialsEncrypted) : undefined;
  };

  it("reads the credentials' JSON from stdin with --credentials -, or from a file with --credentials-file", async () => {
    const { stdout } = await accounts([...add("NobePay stdin"), "--credentials", "-"], '{"appKey":"stdin-key","appSecret":"stdin-secret"}\n');
    expect(stdout).toContain('Connected "NobePay stdin"');
    expect(await storedCredentials("NobePay stdin")).toEqual({ appKey: "stdin-key", appSecret: "stdin-secret" });

    const folder = mkdtempSync(path.join(tmpdir(), "cardhub-credentials-"));
    const file = path.join(folder, "nobepay.json");
    writeFileSync(file, '{"appKey":"file-key","appSecret":"file-secret"}', { mode: 0o600 });
    try {
      await accounts([...add("NobePay file"), "--credentials-file", file]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(await storedCredentials("NobePay file")).toEqual({ appKey: "file-key", appSecret: "file-secret" });
  });

  it("refuses two sources, an unreadable file and JSON that does not parse, without repeating what it read", async () => {
    await expect(accounts([...add("NobePay two"), "--credentials", "-", "--credentials-file", "/nonexistent"], "{}")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("only one of --credentials and --credentials-file"),
    });
    await expect(accounts([...add("NobePay missing"), "--credentials-file", "/nonexistent/credentials.json"])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("could not read /nonexistent/credentials.json"),
    });
    const garbled = accounts([...add("NobePay garbled"), "--credentials", "-"], '{"appKey":"k","appSecret":"garbled-secret"');
    await expect(garbled).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("must be JSON") });
    expect((await garbled.catch((error: { stderr: string }) => error)).stderr).not.toContain("garbled-secret");
    for (const label of ["NobePay two", "NobePay missing", "NobePay garbled"]) expect(await storedCredentials(label)).toBeUndefined();
  });

  it("--help shows the ways to give the credentials and says why stdin or a file is better", async () => {
    const { stdout } = await accounts(["--help"]);
    expect(stdout).toContain("--credentials -");
    expect(stdout).toContain("--credentials-file <path>");
    expect(stdout).toMatch(/process list/);
    expect(stdout).toMatch(/shell history/);
  });
});

describe("npm run accounts -- --organization", () => {
  const accounts = (...args: string[]) =>
    run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/provider-accounts.ts", ...args], {
      env: { ...process.env, DATABASE_URL: database.url() },
    });
  const addZeta = ["--provider", "nobepay", "--label", "NobePay Zeta", "--base-url", "http://127.0.0.1:9/nobepay-zeta"];

  it("with one organisation acts on it without the option, as before", async () => {
    const { stdout } = await accounts("list");
    expect(stdout).toContain("Cardepass sandbox");
    expect(stdout).toContain("NobePay CLI");
  });

  // Ten runs of the CLI, each a Node process starting tsx: about 2 s each on an idle 2-core machine, 4 s on a busy one.
  it("with several organisations refuses without --organization, naming them, and acts only on the one named", async () => {
    const [zeta] = await database.db().insert(organizations).values({ name: "Zeta Ltd" }).returning();
    const before = await database.db().select().from(providerAccounts);

    for (const args of [["list"], ["test", "--label", "Cardepass sandbox"], ["add", ...addZeta, "--credentials", '{"appKey":"k","appSecret":"s"}', "--no-check"]]) {
      const refused = accounts(...args);
      await expect(refused).rejects.toMatchObject({ code: 2 });
      const { stderr, stdout } = await refused.catch((error: { stderr: string; stdout: string }) => error);
      expect(stderr).toContain('This installation has 2 organisations; say which one with --organization "<name or id>"');
      expect(stderr).toContain(`"${DEMO_ORGANIZATION}"`);
      expect(stderr).toContain('"Zeta Ltd"');
      expect(stdout).toBe("");
    }
    await expect(accounts("list", "--organization", "Nope Inc")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No organisation is named "Nope Inc"'),
    });
    expect(await database.db().select().from(providerAccounts)).toEqual(before);

    const { stdout: added } = await accounts(
      "add",
      "--organization",
      "zeta ltd",
      ...addZeta,
      "--credentials",
      '{"appKey":"zeta-key","appSecret":"zeta-secret"}',
      "--no-check",
    );
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.label, "NobePay Zeta"));
    expect(account).toMatchObject({ organizationId: zeta!.id });
    expect(added).toContain(`Connected "NobePay Zeta" (${account!.id})`);

    const { stdout: zetaList } = await accounts("list", "--organization", zeta!.id);
    expect(zetaList).toContain("NobePay Zeta");
    expect(zetaList).not.toContain("Cardepass sandbox");
    const { stdout: demoList } = await accounts("list", "--organization", DEMO_ORGANIZATION);
    expect(demoList).toContain("Cardepass sandbox");
    expect(demoList).not.toContain("NobePay Zeta");
    await expect(accounts("test", "--organization", zeta!.id, "--label", "Cardepass sandbox")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No account of "Zeta Ltd" is labelled "Cardepass sandbox".'),
    });
  }, 120_000);
});
