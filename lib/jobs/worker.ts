import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { createBoss } from "./boss";
import type { JobDefinition } from "./job";
import { runForQueue } from "./job-failure";
import { createJobQueue } from "./job-queue";
import { JOBS, STARTUP_JOBS } from "./registry";
import { runJob } from "./run-job";

export type Worker = { boss: PgBoss; stop: () => Promise<void> };

/** Starts pg-boss, creates every queue, schedules the periodic jobs and works them all. */
export async function startWorker(options: { connectionString: string; db: Db; log?: (line: string) => void }): Promise<Worker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = createBoss(options.connectionString);
  await boss.start();
  for (const job of JOBS) {
    await createJobQueue(boss, job);
    // pg-boss starts a cron job with the schedule's data, null when none is given; every handler reads fields of it.
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
    for (let slot = 0; slot < (job.concurrency ?? 1); slot += 1) await workJob(boss, job, options.db);
  }
  await queueStartupRuns(boss);
  log(`[worker] ready: ${JOBS.map((job) => job.name).join(", ")}`);
  return { boss, stop: () => boss.stop({ graceful: true, timeout: 10_000 }) };
}

/** One worker slot of a job: pg-boss hands it the job's runs, and keeps of a failed one only what runForQueue gives it. */
export async function workJob<Data extends object>(boss: PgBoss, job: JobDefinition<Data>, db: Db): Promise<void> {
  await boss.work(job.name, { pollingIntervalSeconds: 1 }, async (batch) => {
    for (const item of batch) await runForQueue(item, () => runJob(job, (item.data ?? {}) as Data, db));
  });
}

/**
 * The STARTUP_JOBS' runs a worker queues as it starts. Keyed as the scheduled ticks are (not at all), so the stately
 * queue folds a startup run into a tick already waiting; the minute's slot keeps two workers starting together from
 * queueing one run each.
 */
export async function queueStartupRuns(boss: PgBoss): Promise<void> {
  for (const name of STARTUP_JOBS) await boss.send(name, {}, { singletonSeconds: 60 });
}
