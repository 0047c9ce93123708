import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { createBoss } from "@/lib/jobs/boss";
import { withTestDatabase } from "@/test/database";
import { ensureLoginRole } from "./app-role";
import { PG_BOSS_SCHEDULER_QUEUE, prepareDatabase } from "./prepare-database";

const database = withTestDatabase();
const role = `cardhub_app_${randomBytes(4).toString("hex")}`;
let boss: ReturnType<typeof createBoss> | undefined;

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const owner = createDb(database.url(), 1);
  await owner.pool.query(`drop owned by "${role}"`);
  await owner.pool.query(`drop role if exists "${role}"`);
  await owner.pool.end();
});

describe("prepareDatabase with a separate app role", () => {
  it("lets a worker running as the app role fire its schedules (pg-boss's scheduler queue is made by the owner)", async () => {
    const owner = createDb(database.url(), 1);
    const appUrl = await ensureLoginRole(owner.pool, { ownerUrl: database.url(), role, password: randomBytes(12).toString("hex") });
    await owner.pool.end();
    await expect(prepareDatabase({ ownerUrl: database.url(), appUrl, queues: [{ name: "test.tick" }] })).resolves.toEqual({ appRoleSeparate: true, migrationsApplied: 0 });

    // As the worker does (lib/jobs/worker.ts), but checking for due schedules every second instead of every 30.
    boss = createBoss(appUrl, { supervise: false, cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1 });
    await boss.start();
    expect(await boss.getQueue(PG_BOSS_SCHEDULER_QUEUE)).not.toBeNull();
    await boss.schedule("test.tick", "* * * * *");
    // "* * * * *" is always due (its last minute began less than 60 s ago): a job must arrive within seconds.
    let fetched: unknown[] = [];
    for (let attempt = 0; attempt < 60 && fetched.length === 0; attempt += 1) {
      fetched = (await boss.fetch("test.tick")) ?? [];
      if (fetched.length === 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(fetched).toHaveLength(1);
  }, 60_000);
});
