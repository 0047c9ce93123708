import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { createBoss } from "./boss";
import type { JobDefinition } from "./job";
import { JOBS, STARTUP_JOBS } from "./registry";

export type Worker = { boss: PgBoss; stop: () => Promise<void> };

/** Creates a job's queue. One made earlier (by prepareDatabase, or by an older release) is given the job's policy. */
export async function createJobQueue(boss: PgBoss, job: Pick<JobDefinition, "name" | "retryLimit" | "expireInSeconds" | "policy">): Promise<void> {
  const policy = job.policy ? { policy: job.policy } : {};
  await boss.createQueue(job.name, { name: job.name, ...policy, retryLimit: job.retryLimit ?? 3, retryBackoff: true, ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}) });
  if (job.policy) await boss.updateQueue(job.name, { name: job.name, policy: job.policy });
}

/** Starts pg-boss, creates every queue, schedules the periodic jobs and works them all. */
export async function startWorker(options: { connectionString: string; db: Db; log?: (line: string) => void }): Promise<Worker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = createBoss(options.connectionString);
  await boss.start();
  for (const job of JOBS) {
    await createJobQueue(boss, job);
    if (job.schedule) await boss.schedule(job.name, job.schedule);
    for (let slot = 0; slot < (job.concurrency ?? 1); slot += 1) {
      await boss.work(job.name, { pollingIntervalSeconds: 1 }, async (batch) => {
        for (const item of batch) await job.run(item.data as object, options.db);
      });
    }
  }
  for (const name of STARTUP_JOBS) await boss.send(name, {}, { singletonKey: `startup:${name}`, singletonSeconds: 60 });
  log(`[worker] ready: ${JOBS.map((job) => job.name).join(", ")}`);
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}
