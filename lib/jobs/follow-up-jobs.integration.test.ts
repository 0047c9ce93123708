import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { createBoss } from "./boss";
import { executeRequestJob, scheduleRequestExecution } from "./execute-request-job";
import { FOLLOW_ORDER, followOrderJob, scheduleOrderFollowUp } from "./follow-order-job";
import { createJobQueue } from "./job-queue";
import { orderTiming } from "@/lib/orders/order-deadline";
import { MAX_RETRY_BUDGET_MS, MAX_TIMEOUT_MS } from "@/lib/providers/config";

const database = withTestDatabase();
let boss: PgBoss;

beforeAll(async () => {
  // The queues as the worker makes them, and nobody working them: what is sent stays on the queue to be counted.
  boss = createBoss(database.url(), { schedule: false, supervise: false });
  await boss.start();
  // As a deployment's prepareDatabase makes it before the worker starts (or an older release did): without the policy.
  await boss.createQueue(FOLLOW_ORDER, { name: FOLLOW_ORDER, retryLimit: 5, retryBackoff: true, expireInSeconds: 300 });
  for (const job of [followOrderJob, executeRequestJob]) await createJobQueue(boss, job);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const webQueue = await (globalThis as { __cardhubQueue?: Promise<PgBoss> }).__cardhubQueue;
  await webQueue?.stop({ graceful: false, wait: true });
});

async function jobsFor(name: string, field: "orderId" | "requestId", id: string) {
  const { rows } = await database.db().execute(sql`select state, singleton_key from pgboss.job where name = ${name} and data->>${field} = ${id} order by created_on`);
  return rows as { state: string; singleton_key: string | null }[];
}

const inAnHour = () => new Date(Date.now() + 3_600_000);

describe("follow-up jobs", () => {
  it("a queue made earlier is brought to the job's options: its policy, and an expiry past the longest submission lease", async () => {
    const queue = await boss.getQueue(FOLLOW_ORDER);
    expect(queue).toMatchObject({ policy: "short", expireInSeconds: followOrderJob.expireInSeconds });
    expect(followOrderJob.expireInSeconds! * 1000).toBeGreaterThan(orderTiming({ timeoutMs: MAX_TIMEOUT_MS, maxRetryMs: MAX_RETRY_BUDGET_MS }).leaseMs);
  });

  it("an order's next look is queued once, however many times the job and the reconcile job ask for it", async () => {
    const orderId = randomUUID();
    await scheduleOrderFollowUp(orderId, inAnHour());
    await scheduleOrderFollowUp(orderId, inAnHour());
    await scheduleOrderFollowUp(orderId, null);
    expect(await jobsFor(FOLLOW_ORDER, "orderId", orderId)).toEqual([{ state: "created", singleton_key: `order:${orderId}` }]);
  });

  it("a follow-up that is running still queues the next one, and only one", async () => {
    const orderId = randomUUID();
    await scheduleOrderFollowUp(orderId, new Date(Date.now() - 1_000));
    const [running] = await boss.fetch<{ orderId: string }>(FOLLOW_ORDER);
    expect(running?.data.orderId).toBe(orderId);
    await scheduleOrderFollowUp(orderId, inAnHour());
    await scheduleOrderFollowUp(orderId, null);
    expect((await jobsFor(FOLLOW_ORDER, "orderId", orderId)).map((job) => job.state)).toEqual(["active", "created"]);
  });

  it("a request's execution is queued once, whether from its own recheck or the sweep", async () => {
    const requestId = randomUUID();
    await scheduleRequestExecution(requestId, inAnHour());
    await scheduleRequestExecution(requestId, null);
    expect(await jobsFor(executeRequestJob.name, "requestId", requestId)).toEqual([{ state: "created", singleton_key: `request:${requestId}` }]);
  });
});
