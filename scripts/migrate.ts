import { existsSync } from "node:fs";
import { prepareDatabase } from "@/db/prepare-database";
import { JOBS } from "@/lib/jobs/registry";
import type { EmbeddedPostgresHandle } from "./lib/embedded-postgres";
import { describeDatabase, NoDatabaseError, startDevDatabase } from "./lib/operator-db";
import { migrationTarget } from "./lib/prepare-for-start";
import { requireValidSetVariables } from "./lib/production-env";

/**
 * `npm run db:migrate`: everything the schema owner does before the app starts (db/prepare-database.ts): applies
 * db/migrations, installs pg-boss's schema and the job queues and, with a separate app role, grants it its rights.
 * With neither URL set, the development database `npm run dev` made in .data/pg (operator-db.ts: never a new one).
 */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  requireValidSetVariables();
  let embedded: EmbeddedPostgresHandle | undefined;
  let target = migrationTarget(process.env);
  if (!target) {
    embedded = await startDevDatabase("db:migrate", "DATABASE_URL and MIGRATION_DATABASE_URL are not set", (line) => console.log(`[postgres] ${line}`));
    target = { ownerUrl: embedded.url, appUrl: embedded.url };
  }
  try {
    const result = await prepareDatabase({ ...target, queues: JOBS });
    const owner = decodeURIComponent(new URL(target.ownerUrl).username);
    const grants = result.appRoleSeparate ? `; role "${decodeURIComponent(new URL(target.appUrl).username)}" granted its rights` : "";
    const where = describeDatabase(target.ownerUrl, embedded !== undefined);
    console.log(`db:migrate: ${result.migrationsApplied} migration(s) applied to ${where} as "${owner}"; pg-boss and ${JOBS.length} job queues ready${grants}.`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof NoDatabaseError ? error.message : `db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
