/**
 * A scheduled job slower than its period must not pile up: pg-boss's scheduler inserts one plain job per cron tick
 * (timekeeper.js cron(): `insert([{ name, data, ...options }])` with the schedule's options, {} here), whether or not
 * the last one is still running. The queue's policy decides what becomes of it; and a read asked for now ("Get new
 * transactions", an account just connected, an order just settled) must not wait behind scheduled runs.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations } from "@/db/schema/organizations";
import { withTestDatabase } from "@/test/database";
import { createBoss } from "./boss";
import { createJobQueue } from "./job-queue";
import { closeQueue } from "./queue";
import { queueFundingRefresh, REFRESH_FUNDING } from "./refresh-funding-job";
import { queueProductsRefresh, REFRESH_PRODUCTS } from "./refresh-products-job";
import { JOBS, STARTUP_JOBS } from "./registry";
import { queueStatementsRead, SYNC_STATEMENTS } from "./sync-statements-job";
import { queueTransactionsPull, SYNC_TRANSACTIONS } from "./sync-transactions-job";
import { queueStartupRuns } from "./worker";

const database = withTestDatabase();
let boss: PgBoss;

beforeAll(async () => {
  // The queues as the worker makes them, and nobody working them: the test takes jobs itself.
  boss = createBoss(database.url(), { schedule: false, supervise: false });
  await boss.start();
  for (const job of JOBS) await createJobQueue(boss, job);
});
afterAll(async () => {
  await closeQueue();
  await boss?.stop({ graceful: false, wait: true });
});

/** What pg-boss's scheduler does at a cron tick of `name` (the schedule's data and options are {}). */
async function cronTick(name: string): Promise<void> {
  await boss.insert([{ name, data: {} }]);
}

async function waiting(name: string): Promise<number> {
  const { rows } = await database.db().execute(sql`select count(*)::int as n from pgboss.job where name = ${name} and state in ('created', 'retry')`);
  return (rows[0] as { n: number }).n;
}

describe("a scheduled job's queue", () => {
  const scheduled = JOBS.filter((job) => job.schedule).map((job) => job.name);

  it.each(scheduled)("%s keeps at most one tick waiting behind a run still going", async (name) => {
    await cronTick(name);
    const [running] = await boss.fetch(name);
    expect(running).toBeDefined();
    for (let tick = 0; tick < 3; tick += 1) await cronTick(name);
    expect(await waiting(name)).toBe(1);
    await boss.complete(name, running!.id);
  });
});

describe("a worker's startup runs", () => {
  it("join the scheduled tick already waiting instead of queueing beside it", async () => {
    for (const name of STARTUP_JOBS) {
      await database.db().execute(sql`delete from pgboss.job where name = ${name}`);
      await cronTick(name);
    }
    await queueStartupRuns(boss);
    for (const name of STARTUP_JOBS) expect(await waiting(name), name).toBe(1);
  });
});

describe('"Get new transactions"', () => {
  it("is taken before the scheduled pull waiting ahead of it", async () => {
    const [organization] = await database.db().insert(organizations).values({ name: "Pull Co" }).returning();
    await cronTick(SYNC_TRANSACTIONS);
    await queueTransactionsPull(organization!.id);
    const [next] = await boss.fetch(SYNC_TRANSACTIONS);
    expect(next?.data).toEqual({ organizationId: organization!.id });
  });
});

describe("a read asked for now", () => {
  // Every send of an on-demand read (lib/actions and what they start: readAccountSoon, startOrder, the order follow-up).
  // The card sync has none: its cards are read by the 5-minute schedule only.
  const reads = [
    { name: SYNC_TRANSACTIONS, ask: (id: string) => queueTransactionsPull(id), data: (id: string) => ({ organizationId: id }) },
    { name: REFRESH_FUNDING, ask: (id: string) => queueFundingRefresh(id), data: (id: string) => ({ accountId: id }) },
    { name: REFRESH_PRODUCTS, ask: (id: string) => queueProductsRefresh(id), data: (id: string) => ({ accountId: id }) },
    { name: SYNC_STATEMENTS, ask: (id: string) => queueStatementsRead(id), data: (id: string) => ({ accountId: id }) },
  ];

  it.each(reads)("on $name is accepted and taken before the scheduled run waiting behind a run still going", async ({ name, ask, data }) => {
    await database.db().execute(sql`delete from pgboss.job where name = ${name}`);
    await cronTick(name);
    const [running] = await boss.fetch(name);
    expect(running).toBeDefined();
    await cronTick(name);
    // Another worker's slot, while the scheduled run goes on…
    const during = randomUUID();
    await ask(during);
    const [taken] = await boss.fetch(name);
    expect(taken?.data).toEqual(data(during));
    await boss.complete(name, [running!.id, taken!.id]);
    // …and the next fetch once it ended.
    const after = randomUUID();
    await ask(after);
    const [next] = await boss.fetch(name);
    expect(next?.data).toEqual(data(after));
    await boss.complete(name, next!.id);
    expect(await waiting(name)).toBe(1);
  });
});
