import type { Db } from "@/db/client";

/** A background job: a plain function over the database, optionally on a cron schedule (UTC). */
export type JobDefinition<Data extends object = Record<string, never>> = {
  name: string;
  schedule?: string;
  retryLimit?: number;
  run: (data: Data, db: Db) => Promise<void>;
};
