import { watchDatabase } from "./database-watch";
import { loggableError } from "./loggable-error";

/** How often the worker asks its database whether it answers. */
export const DATABASE_CHECK_EVERY_MS = 5_000;
/** How long the worker rides out a database that does not answer before it exits for its supervisor to restart it. */
export const DATABASE_OUTAGE_LIMIT_MS = 120_000;

export type WorkerProcessGuard = { stop: () => Promise<void> };

/**
 * Keeps `npm run worker` running through a database outage (a restart, a failover), up to DATABASE_OUTAGE_LIMIT_MS.
 * pg-boss 10 ends each job with complete/fail calls it neither awaits nor catches (manager.js, watch → onFetch), so a
 * job ending while the database is away leaves a rejection nobody handles, which Node would turn into an exit. Such a
 * rejection is logged instead: the job stays active until its expiry and pg-boss then retries it, which every job here
 * tolerates. A database that stays away longer ends the process with code 1 and a line saying so (README: the worker
 * runs under a supervisor that starts it again). `stop` ends the watch for a clean shutdown; rejections stay logged.
 */
export function guardWorkerProcess(options: { connectionString: string; exit?: (code: number) => void }): WorkerProcessGuard {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  process.on("unhandledRejection", (reason) => console.error(`[worker] kept running after an error nobody waited for: ${loggableError(reason)}`));
  return watchDatabase({
    connectionString: options.connectionString,
    everyMs: DATABASE_CHECK_EVERY_MS,
    outageLimitMs: DATABASE_OUTAGE_LIMIT_MS,
    log: (line) => console.error(line),
    onLost: () => exit(1),
  });
}
