import type PgBoss from "pg-boss";
import type { JobDefinition } from "./job";

export type JobQueueOptions = Pick<JobDefinition, "name" | "retryLimit" | "expireInSeconds" | "policy" | "schedule">;

/**
 * Creates a job's queue with the job's options. A queue made earlier (by prepareDatabase, or by an older release) is
 * brought to them too: createQueue leaves an existing queue as it is. A scheduled job's queue is "stately" unless the
 * job names another policy: pg-boss's scheduler inserts a job at every tick, also while the last run is still going,
 * and stately keeps one job per key and state, so behind a long run at most one tick waits (a read asked for now has a
 * key of its own and goes before it: lib/jobs/enqueue-on-demand.ts).
 */
export async function createJobQueue(boss: PgBoss, job: JobQueueOptions): Promise<void> {
  const options = {
    name: job.name,
    // pg-boss's updateQueue resets an omitted policy to "standard", so it is always given.
    policy: job.policy ?? (job.schedule ? "stately" : "standard"),
    retryLimit: job.retryLimit ?? 3,
    retryBackoff: true,
    ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}),
  } satisfies PgBoss.Queue;
  await boss.createQueue(job.name, options);
  await boss.updateQueue(job.name, options);
}
