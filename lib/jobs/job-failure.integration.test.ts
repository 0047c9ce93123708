/**
 * What pg-boss keeps of a job that failed: the error a handler throws is stored in the job's row (pgboss.job.output,
 * serialised with its message, stack, fields and cause) for as long as the job is kept. An error of Cardhub's own (here
 * the database refusing a row a one-account transaction pull writes) carries the failing query with the row's values;
 * the job's row keeps one clean sentence instead, the worker's log names the error cleaned (lib/jobs/loggable-error), and the
 * job is retried as its queue says.
 */
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { insertWebhookEvent } from "@/db/queries/transactions-webhooks";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { stripCardData } from "@/lib/transactions/strip-card-data";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { accountOf, forgetPull, sandboxAdmin } from "@/test/transaction-sync";
import { createBoss } from "./boss";
import { JOB_STOPPED_INSIDE_CARDHUB } from "./job-failure";
import { PROCESS_WEBHOOK, processWebhookJob } from "./process-webhook-job";
import { createJobQueue } from "./job-queue";
import { SYNC_TRANSACTIONS, syncTransactionsJob } from "./sync-transactions-job";
import { workJob } from "./worker";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let boss: PgBoss;
const CARD_OPEN_API_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
/** What the database says about the refused row, as a constraint naming the row's values would. */
const REFUSAL = "ledger row of Grace Hopper at Blue Bottle Coffee refused";
/** Words of the failing query and its values, none of which pg-boss may keep. */
const PRIVATE = /Grace Hopper|Blue Bottle|Failed query|params:|insert into|GITHUB/i;

let logged: MockInstance<typeof console.error> | undefined;
const logLines = () => (logged?.mock.calls ?? []).map((call) => call.join(" "));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  // The transaction pull's queue as the worker makes it, worked as the worker works it; nothing scheduled.
  boss = createBoss(database.url(), { schedule: false, supervise: false });
  await boss.start();
  await createJobQueue(boss, syncTransactionsJob);
  await workJob(boss, syncTransactionsJob, db());
  await createJobQueue(boss, processWebhookJob);
  await workJob(boss, processWebhookJob, db());
}, 120_000);
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await sandbox?.close();
});
afterEach(() => {
  logged?.mockRestore();
});

type JobRow = { state: string; retry_count: number; output: unknown };

async function jobRow(id: string): Promise<JobRow | undefined> {
  const { rows } = await db().execute(sql`select state, retry_count, output from pgboss.job where id = ${id}`);
  return rows[0] as JobRow | undefined;
}

/** Waits until the job is in one of `states` (by default: over, every retry spent) and returns its row. */
async function jobReaching(id: string, states = ["failed", "completed"]): Promise<JobRow> {
  for (let attempt = 0; attempt < 160; attempt += 1) {
    const row = await jobRow(id);
    if (row && states.includes(row.state)) return row;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`job ${id} still ${(await jobRow(id))?.state} after 40 s`);
}

describe.each([
  // The query's values hold the row's amounts (bigint), which pg-boss could not even serialise: the job stayed active
  // until its expiry.
  { refused: "a ledger row", table: "transactions" },
  // The query's values are ids: pg-boss stored the query, its values and the database's message.
  { refused: "the pull's own progress row", table: "transaction_sync_states" },
])("a one-account transaction pull stopped inside Cardhub ($refused refused), run by pg-boss", ({ table }) => {
  it("leaves one clean sentence in the job's row, is retried as its queue says, and the log names the error cleaned", async () => {
    const account = await accountOf(db(), "cardopenapi");
    await forgetPull(db(), account.id);
    // A row for the pull to write.
    await sandboxAdmin(sandbox.url, "/purchase", { provider: "cardopenapi", cardId: CARD_OPEN_API_CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    logged = vi.spyOn(console, "error").mockImplementation(() => undefined);

    const job = await whileInsertsRefused(db(), table, REFUSAL, async () => {
      const id = await boss.send(SYNC_TRANSACTIONS, { accountId: account.id });
      return jobReaching(id!);
    });

    expect(job.state).toBe("failed");
    expect(JSON.stringify(job.output)).not.toMatch(PRIVATE);
    expect(job.output).toMatchObject({ message: JOB_STOPPED_INSIDE_CARDHUB });
    // transactions.sync retries once (retryLimit 1): both runs met the refusal.
    expect(job.retry_count).toBe(1);
    const lines = logLines().filter((line) => line.startsWith("[jobs]"));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toContain(SYNC_TRANSACTIONS);
      expect(line).toContain("refused");
      expect(line).not.toMatch(/params:|GITHUB/);
    }
  }, 60_000);
});

describe("a job failing in a sentence of its own", () => {
  it("keeps that sentence in the job's row: a webhook event that could not be processed stays pending", async () => {
    const account = await accountOf(db(), "nobepay");
    const { body } = JSON.parse(readFileSync("lib/providers/nobepay/fixtures/webhook-complete.json", "utf8")) as { body: Record<string, unknown> };
    const event = { ...(stripCardData(body) as Record<string, unknown>), eventId: "ev_job_failure" };
    const webhookEventId = (await insertWebhookEvent(db(), { providerAccountId: account.id, providerEventId: "ev_job_failure", eventType: "TRANSACTION", payload: event }))!;
    logged = vi.spyOn(console, "error").mockImplementation(() => undefined);

    const job = await whileInsertsRefused(db(), "transactions", REFUSAL, async () => {
      const id = await boss.send(PROCESS_WEBHOOK, { webhookEventId });
      return jobReaching(id!, ["retry", "failed"]);
    });

    expect(job.output).toMatchObject({ message: "webhook event processing failed; it stays pending" });
    expect(JSON.stringify(job.output)).not.toMatch(PRIVATE);
  }, 60_000);
});
