import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { JOBS } from "./registry";
import { startWorker, type Worker } from "./worker";

const database = withTestDatabase();
let worker: Worker;

beforeAll(async () => {
  worker = await startWorker({ connectionString: database.url(), db: database.db(), log: () => {} });
});
afterAll(async () => {
  await worker?.stop();
});

const scheduled = JOBS.filter((job) => job.schedule);

async function settledState(id: string): Promise<string> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const { rows } = await database.db().execute(sql`select state from pgboss.job where id = ${id}`);
    const state = (rows[0] as { state: string } | undefined)?.state;
    if (state && state !== "created" && state !== "active") return state;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return "still running after 30 s";
}

describe("scheduled jobs", () => {
  it("are scheduled with an empty payload, not none", async () => {
    const { rows } = await database.db().execute(sql`select name, data from pgboss.schedule order by name`);
    expect(rows).toEqual(scheduled.map((job) => ({ name: job.name, data: {} })).sort((a, b) => a.name.localeCompare(b.name)));
  });

  // A schedule written by an earlier release (or by hand) carries no data: pg-boss then starts the job with null. (Its
  // own key: the stately queue would fold a keyless one into the startup run or tick already waiting there.)
  it.each(scheduled.map((job) => job.name))("%s completes when pg-boss starts it with no payload", async (name) => {
    const id = await worker.boss.send(name, null as unknown as object, { singletonKey: "no-payload" });
    expect(id).toBeTruthy();
    expect(await settledState(id!)).toBe("completed");
  });
});
