import pg from "pg";
import { withPinnedSession } from "@/db/pinned-session";
import { loggableError } from "./loggable-error";

export type DatabaseWatch = { stop: () => Promise<void> };

export type DatabaseWatchOptions = {
  connectionString: string;
  /** How often the database is asked `select 1`. */
  everyMs: number;
  /** How long it may go without answering before `onLost`. */
  outageLimitMs: number;
  log: (line: string) => void;
  /** Called once, when the database has not answered for `outageLimitMs`; the watch has stopped by then. */
  onLost: () => void;
};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * The worker's watch on its database: asks `select 1` every `everyMs` on a connection of its own (a pool busy with long
 * jobs must not look like an outage), says when the database stops and starts answering, and calls `onLost` once it
 * has not answered for `outageLimitMs`. The clock runs from the last answer, so a check that never comes back (a
 * network swallowing packets) counts as a refused one does.
 */
export function watchDatabase(options: DatabaseWatchOptions): DatabaseWatch {
  const checkTimeoutMs = Math.min(options.outageLimitMs / 2, 10_000);
  const pool = new pg.Pool({
    connectionString: withPinnedSession(options.connectionString),
    max: 1,
    connectionTimeoutMillis: checkTimeoutMs,
    query_timeout: checkTimeoutMs,
    application_name: "cardhub-worker-watch",
  });
  // A connection that breaks while idle is noticed by the next check.
  pool.on("error", () => undefined);
  let lastAnswerAt = Date.now();
  let failingSince: number | null = null;
  let checking = false;
  let stopped = false;

  const tick = () => {
    if (stopped) return;
    if (Date.now() - lastAnswerAt >= options.outageLimitMs) {
      stopped = true;
      clearInterval(timer);
      options.log(`[worker] the database has not answered for ${seconds(options.outageLimitMs)}: exiting with code 1, so whatever supervises the worker starts it again`);
      options.onLost();
      return;
    }
    if (checking) return;
    checking = true;
    pool
      .query("select 1")
      .then(
        () => {
          if (stopped) return;
          if (failingSince !== null) options.log(`[worker] the database answers again after ${seconds(Date.now() - failingSince)}`);
          failingSince = null;
          lastAnswerAt = Date.now();
        },
        (error: unknown) => {
          if (stopped || failingSince !== null) return;
          failingSince = lastAnswerAt;
          options.log(
            `[worker] the database does not answer (${loggableError(error)}); the worker exits with code 1 if it still does not after ${seconds(options.outageLimitMs)}`,
          );
        },
      )
      .finally(() => (checking = false));
  };
  const timer = setInterval(tick, options.everyMs);
  // The watch alone never keeps the process running.
  timer.unref();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await pool.end().catch(() => undefined);
    },
  };
}
