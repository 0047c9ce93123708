import { createDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createBoss } from "@/lib/jobs/boss";
import { createJobQueue, type JobQueueOptions } from "@/lib/jobs/job-queue";
import { grantAppRole, roleOf } from "./app-role";

/** pg-boss 10's internal queue for scheduled sends (node_modules/pg-boss/src/timekeeper.js, QUEUES.SEND_IT). */
export const PG_BOSS_SCHEDULER_QUEUE = "__pgboss__send-it";

/**
 * Everything a deployment does as the schema owner before the app starts: migrations, pg-boss's schema and one
 * queue per job (creating a queue is DDL the app role may not run), then the app role's grants. With one URL for
 * both (a single-role install) it only migrates, and the audit table is then not protected from the app.
 */
export async function prepareDatabase(params: { ownerUrl: string; appUrl: string; queues: readonly JobQueueOptions[] }): Promise<{ appRoleSeparate: boolean }> {
  const owner = createDb(params.ownerUrl, 1);
  try {
    await runMigrations(owner.pool);
    const ownerRole = ((await owner.pool.query("select current_user as role")).rows[0] as { role: string }).role;
    const appRole = roleOf(params.appUrl);
    if (!appRole || appRole === ownerRole) return { appRoleSeparate: false };
    const boss = createBoss(params.ownerUrl, { supervise: false, schedule: false, max: 1 });
    await boss.start();
    try {
      // pg-boss's scheduler sends each due job through this queue of its own, which the worker's start() creates and
      // swallows any error doing so: as the app role that DDL is refused, and no schedule would ever fire.
      await boss.createQueue(PG_BOSS_SCHEDULER_QUEUE);
      // The queues are made here, with the options the worker's own createJobQueue gives them.
      for (const queue of params.queues) await createJobQueue(boss, queue);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    await grantAppRole(owner.pool, appRole);
    return { appRoleSeparate: true };
  } finally {
    await owner.pool.end();
  }
}
