import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";

/** A background job: a plain function over the database, optionally on a cron schedule (UTC). */
export type JobDefinition<Data extends object = Record<string, never>> = {
  name: string;
  schedule?: string;
  retryLimit?: number;
  /** How many of these run at once in one worker (default 1). */
  concurrency?: number;
  /** A job not finished this long after it started (its worker died) is handed out again (pg-boss default 15 min). */
  expireInSeconds?: number;
  /**
   * pg-boss 10 honours a send's singletonKey only through its queue's policy (or with singletonSeconds, a time window
   * that would also drop a job's own re-queue): "short" keeps at most one job per key waiting. Default: "stately" for a
   * scheduled job (one per key waiting and one running, lib/jobs/job-queue.ts), else "standard".
   */
  policy?: PgBoss.QueuePolicy;
  run: (data: Data, db: Db) => Promise<void>;
};
