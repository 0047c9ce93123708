import { getConnection } from "@/db/client";
import { startWorker } from "@/lib/jobs/worker";
import { guardWorkerProcess } from "@/lib/jobs/worker-process-guard";
import { prepareForStart } from "./lib/prepare-for-start";
import { requireProductionEnv } from "./lib/production-env";

const env = requireProductionEnv();
// Two roles (README, "Deployment roles"): with MIGRATION_DATABASE_URL the owner prepares the database first; without
// it the worker only checks that it is ready and refuses to start, naming `npm run db:migrate`, when it is not.
await prepareForStart(env, "worker");
// From here a database outage is ridden out, up to a bound past which the worker exits 1 for its supervisor.
const guard = guardWorkerProcess({ connectionString: env.DATABASE_URL });
const connection = getConnection();
const worker = await startWorker({ connectionString: env.DATABASE_URL, db: connection.db });

async function shutdown(signal: string): Promise<void> {
  console.log(`[worker] ${signal}: finishing running jobs`);
  await guard.stop();
  await worker.stop();
  await connection.pool.end();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
