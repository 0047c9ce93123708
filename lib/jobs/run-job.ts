import type { Db } from "@/db/client";
import { runAsJob } from "@/lib/audit/running-job";
import type { JobDefinition } from "./job";

/**
 * One run of a job, as the worker runs each one pg-boss hands it (lib/jobs/worker.ts): what it audits for no person is
 * in the job's name (its queue's).
 */
export async function runJob<Data extends object>(job: JobDefinition<Data>, data: Data, db: Db): Promise<void> {
  await runAsJob(job.name, () => job.run(data, db));
}
