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
  run: (data: Data, db: Db) => Promise<void>;
};
