import { DatabaseNotReadyError, ensureDatabaseReady } from "@/db/prepare-database";
import type { Env, EnvSource } from "@/lib/env";
import { JOBS } from "@/lib/jobs/registry";

/**
 * The database step of `npm start` and `npm run worker` (db/prepare-database.ts ensureDatabaseReady): prepares it as
 * MIGRATION_DATABASE_URL's owner when that is set, else checks it read-only (migrating only a single-role install).
 * A database that is not ready, or cannot be reached, ends the process with one line and exit code 1.
 */
export async function prepareForStart(env: Env, command: string): Promise<void> {
  try {
    const result = await ensureDatabaseReady({ databaseUrl: env.DATABASE_URL, migrationUrl: env.MIGRATION_DATABASE_URL, queues: JOBS });
    if (result.migrationsApplied > 0) console.log(`[${command}] ${result.migrationsApplied} migration(s) applied`);
  } catch (error) {
    if (error instanceof DatabaseNotReadyError) console.error(error.message);
    else console.error(`${command}: the database could not be prepared: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

/**
 * Which database `npm run db:migrate` prepares, and as whom: the schema owner's MIGRATION_DATABASE_URL when set,
 * else DATABASE_URL; the app role whose grants it gives is DATABASE_URL's (the same role in a single-role install).
 * Undefined when neither is set: then the dev launcher's embedded database is used.
 */
export function migrationTarget(source: EnvSource): { ownerUrl: string; appUrl: string } | undefined {
  const ownerUrl = source.MIGRATION_DATABASE_URL || source.DATABASE_URL;
  if (!ownerUrl) return undefined;
  return { ownerUrl, appUrl: source.DATABASE_URL || ownerUrl };
}
