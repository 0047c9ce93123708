import { getConnection } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { startWorker } from "@/lib/jobs/worker";
import { requireProductionEnv } from "./lib/production-env";

const env = requireProductionEnv();
const connection = getConnection();
await runMigrations(connection.pool);
const worker = await startWorker({ connectionString: env.DATABASE_URL, db: connection.db });

async function shutdown(signal: string): Promise<void> {
  console.log(`[worker] ${signal}: finishing running jobs`);
  await worker.stop();
  await connection.pool.end();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
