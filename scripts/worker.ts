import { getConnection } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { prepareDatabase } from "@/db/prepare-database";
import { startWorker } from "@/lib/jobs/worker";
import { JOBS } from "@/lib/jobs/registry";
import { requireProductionEnv } from "./lib/production-env";

const env = requireProductionEnv();
const connection = getConnection();
if (process.env.MIGRATION_DATABASE_URL) {
  // Two roles (README, "Deployment roles"): migrate and grant as the owner, work as the restricted app role.
  await prepareDatabase({ ownerUrl: process.env.MIGRATION_DATABASE_URL, appUrl: env.DATABASE_URL, queues: JOBS });
} else {
  await runMigrations(connection.pool);
}
const worker = await startWorker({ connectionString: env.DATABASE_URL, db: connection.db });

async function shutdown(signal: string): Promise<void> {
  console.log(`[worker] ${signal}: finishing running jobs`);
  await worker.stop();
  await connection.pool.end();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
