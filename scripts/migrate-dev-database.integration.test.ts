import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { checkoutPort } from "./lib/checkout-port";

const run = promisify(execFile);

it("npm run db:migrate without a database URL starts the dev database on the checkout's own port, as every other command does", { timeout: 180_000 }, async () => {
  // A checkout of its own (its migrations linked in), under .data: as root the server runs as the "postgres" user, who must reach it.
  const checkout = path.resolve(".data/tmp", `migrate-port-${randomUUID()}`);
  mkdirSync(checkout, { recursive: true });
  symlinkSync(path.resolve("db"), path.join(checkout, "db"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "MIGRATION_DATABASE_URL", "EMBEDDED_PG_PORT"]) delete env[name];
  try {
    const { stdout } = await run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("scripts/migrate.ts")], { cwd: checkout, env, timeout: 170_000 });
    const port = Number(/applied to 127\.0\.0\.1:(\d+)\/cardhub/.exec(stdout)?.[1]);
    // The checkout's port, or the next free one after it when something else holds it.
    const own = checkoutPort(56000, 1000, checkout);
    expect(port).toBeGreaterThanOrEqual(own);
    expect(port).toBeLessThan(own + 50);
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
});
