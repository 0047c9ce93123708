import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { decryptJson } from "@/lib/crypto";
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
