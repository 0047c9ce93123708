import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { createDb, POOL_IDLE_TIMEOUT_MS } from "./client";

const database = withTestDatabase();

describe("the connection pool between pages", () => {
  it("keeps an idle connection through a pause longer than a page is read (it closed them after 30 s)", async () => {
    const { pool } = createDb(database.url(), 2);
    try {
      await pool.query("select 1");
      expect(pool.idleCount).toBe(1);
      expect(POOL_IDLE_TIMEOUT_MS).toBeGreaterThanOrEqual(5 * 60_000);
      expect((pool as unknown as { options: { idleTimeoutMillis: number } }).options.idleTimeoutMillis).toBe(POOL_IDLE_TIMEOUT_MS);
    } finally {
      await pool.end();
    }
  });

  it("holds no process open: a script that has finished exits although its pool still has an idle connection", async () => {
    const script = `import { createDb } from "./db/client.ts"; const { pool } = createDb(process.env.DATABASE_URL, 2); await pool.query("select 1"); console.log("idle", pool.idleCount);`;
    const started = Date.now();
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, DATABASE_URL: database.url() }, timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    expect(output.trim()).toBe("idle 1");
    // Held open, it would wait for the idle timeout (10 minutes) and be killed by the 60 s limit above.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
