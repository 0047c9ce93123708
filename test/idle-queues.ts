import type PgBoss from "pg-boss";
import { createBoss } from "@/lib/jobs/boss";
import { createJobQueue } from "@/lib/jobs/job-queue";

/**
 * The queues of `jobs` as the worker makes them, and nobody working them: what the code under test sends stays on the
 * queue to be counted. `stop` ends it and the web process's send-only queue (lib/jobs/queue.ts) that sending started.
 */
export async function idleQueues(url: string, jobs: Parameters<typeof createJobQueue>[1][]): Promise<{ boss: PgBoss; stop: () => Promise<void> }> {
  const boss = createBoss(url, { schedule: false, supervise: false });
  await boss.start();
  for (const job of jobs) await createJobQueue(boss, job);
  return {
    boss,
    stop: async () => {
      await boss.stop({ graceful: false, wait: true });
      const webQueue = await (globalThis as { __cardhubQueue?: Promise<PgBoss> }).__cardhubQueue;
      await webQueue?.stop({ graceful: false, wait: true });
    },
  };
}
