import { existsSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "@/db/prepare-database";
import { JOBS } from "@/lib/jobs/registry";
import { devDatabasePort } from "./lib/checkout-port";
import type { EmbeddedPostgresHandle } from "./lib/embedded-postgres";
import { migrationTarget } from "./lib/prepare-for-start";
import { requireValidSetVariables } from "./lib/production-env";

/**
 * `npm run db:migrate`: everything the schema owner does before the app starts (db/prepare-database.ts): applies
 * db/migrations, installs pg-boss's schema and the job queues and, with a separate app role, grants it its rights.
 * With neither URL set, the dev launcher's embedded database in .data/pg (started, and created on first use, for the
 * duration of the command).
 */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  requireValidSetVariables();
  let embedded: EmbeddedPostgresHandle | undefined;
  let target = migrationTarget(process.env);
  if (!target) {
    // Loaded only when needed: the embedded-postgres package installs exit hooks of its own.
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(".data", "pg"),
      port: devDatabasePort(),
      pickFreePort: !process.env.EMBEDDED_PG_PORT,
      database: "cardhub",
      reuseRunning: true,
      log: (line) => console.log(`[postgres] ${line}`),
    });
    target = { ownerUrl: embedded.url, appUrl: embedded.url };
  }
  const where = new URL(target.ownerUrl);
  try {
    const result = await prepareDatabase({ ...target, queues: JOBS });
    const owner = decodeURIComponent(where.username);
    const grants = result.appRoleSeparate ? `; role "${decodeURIComponent(new URL(target.appUrl).username)}" granted its rights` : "";
    console.log(`db:migrate: ${result.migrationsApplied} migration(s) applied to ${where.host}${where.pathname} as "${owner}"; pg-boss and ${JOBS.length} job queues ready${grants}.`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
