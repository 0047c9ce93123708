import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { requireProductionEnv } from "./lib/production-env";

/**
 * The first half of `npm start`: refuse to start half-configured (naming the variable), then apply pending
 * migrations, then exit. package.json then `exec`s `next start` in the same shell, so Next is the only process that
 * stays resident: no wrapper beside it to relay signals or swallow its exit code.
 */
const env = requireProductionEnv();
if (process.env.MIGRATION_DATABASE_URL) {
  // security (README "Deployment roles"): migrate and grant as the owner; the app runs as the restricted role.
  const { prepareDatabase } = await import("@/db/prepare-database");
  const { JOBS } = await import("@/lib/jobs/registry");
  await prepareDatabase({ ownerUrl: process.env.MIGRATION_DATABASE_URL, appUrl: env.DATABASE_URL, queues: JOBS });
} else {
  const migrator = createDb(env.DATABASE_URL, 1);
  try {
    await runMigrations(migrator.pool);
  } finally {
    await migrator.pool.end();
  }
}
