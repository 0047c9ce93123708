import type PgBoss from "pg-boss";
import type { JobDefinition } from "./job";

export type JobQueueOptions = Pick<JobDefinition, "name" | "retryLimit" | "expireInSeconds" | "policy">;

/** Creates a job's queue. One made earlier (by prepareDatabase, or by an older release) is given the job's policy. */
export async function createJobQueue(boss: PgBoss, job: JobQueueOptions): Promise<void> {
  const policy = job.policy ? { policy: job.policy } : {};
  await boss.createQueue(job.name, { name: job.name, ...policy, retryLimit: job.retryLimit ?? 3, retryBackoff: true, ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}) });
  if (job.policy) await boss.updateQueue(job.name, { name: job.name, policy: job.policy });
}
