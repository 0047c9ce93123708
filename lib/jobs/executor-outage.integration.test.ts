/**
 * Approved requests on a provider that does not answer hold up only themselves: the executor works several requests
 * at once, and at most PLACEMENT_SLOTS of them place with one provider account at a time, so one on a healthy provider
 * is carried out while those wait out their timeouts, however many there are (review jobs44, finding 2).
 * The worker's own registration (createBoss, createJobQueue, workJob once per concurrency slot) on a database of its
 * own, against the sandbox.
 */
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findOrder } from "@/db/queries/provider-orders";
import { findRequest } from "@/db/queries/requests";
import { products } from "@/db/schema/products";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { resolveOrderReview } from "@/lib/orders/resolve-order";
import { resolveOrderSchema } from "@/lib/orders/schemas";
import { markNeedsReview } from "@/lib/orders/unknown-outcome";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { PLACEMENT_SLOTS } from "@/lib/requests/placement-slots";
import { approveAll } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createBoss } from "./boss";
import { executeRequestJob } from "./execute-request-job";
import { followOrderJob } from "./follow-order-job";
import type { JobDefinition } from "./job";
import { createJobQueue } from "./job-queue";
import { workJob } from "./worker";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let boss: PgBoss;
const accountIds: Record<string, string> = {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Cardepass's timeout here (production: 15 s, then retries for up to 30 s more). */
const TIMEOUT_MS = 4_000;
/** More than the executor's four slots: without a bound per account they would all wait on Cardepass. */
const STUCK = 5;

async function faults(body: object): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  await refreshAllFunding(db());
  await db().update(providerAccounts).set({ settings: { timeoutMs: TIMEOUT_MS, maxRetryMs: 0 }, updatedAt: new Date() }).where(eq(providerAccounts.id, accountIds.cardepass!));
  boss = createBoss(database.url(), { schedule: false, supervise: false });
  await boss.start();
  for (const job of [executeRequestJob, followOrderJob] as JobDefinition<never>[]) {
    await createJobQueue(boss, job);
    for (let slot = 0; slot < (job.concurrency ?? 1); slot += 1) await workJob(boss, job, db());
  }
}, 120_000);

afterAll(async () => {
  // Graceful: the runs still waiting on Cardepass end before the database goes.
  await boss?.stop({ graceful: true, wait: true, timeout: 15_000 });
  const webQueue = await (globalThis as { __cardhubQueue?: Promise<PgBoss> }).__cardhubQueue;
  await webQueue?.stop({ graceful: false, wait: true });
  await sandbox?.close();
});

async function fileNewCard(card: Record<string, unknown>): Promise<string> {
  const input = createRequestSchema.parse({ kind: "new_card", purpose: "Conference travel", card });
  return (await createRequest(db(), await sessionUserFor(db(), "employee@demo.test"), TEST_META, input)).requestId;
}

/** Seconds from `startedAt` until the request is Done or Failed (or the limit passes). */
async function secondsToEnd(requestId: string, startedAt: number, limitMs: number): Promise<{ status: string | undefined; seconds: number }> {
  for (;;) {
    const request = await findRequest(db(), requestId);
    if (request?.status === "done" || request?.status === "failed" || Date.now() - startedAt > limitMs) return { status: request?.status, seconds: (Date.now() - startedAt) / 1000 };
    await sleep(200);
  }
}

/** The stuck requests' statuses once as many place as there are slots (or half a timeout passed), then a moment later. */
async function stuckOnceSlotsAreTaken(stuck: string[], startedAt: number): Promise<(string | undefined)[]> {
  const statuses = () => Promise.all(stuck.map(async (id) => (await findRequest(db(), id))?.status));
  while ((await statuses()).filter((status) => status === "executing").length < PLACEMENT_SLOTS && Date.now() - startedAt < TIMEOUT_MS / 2) await sleep(50);
  // A third placing would show by now if the slots let it.
  await sleep(300);
  return statuses();
}

describe("approved requests while one provider does not answer", () => {
  it("a Card OPEN-API request is carried out as soon as alone, while more Cardepass ones than the executor's slots wait on their timeouts", async () => {
    const [binProduct] = await db().select().from(products).where(eq(products.providerAccountId, accountIds.cardopenapi!));
    const cardepass = { kind: "cardepass-standard", accountId: accountIds.cardepass, productId: "DGG0C4JD", currency: "USD", initialAmount: "5", tags: [] };
    const openApi = { kind: "cardopenapi", accountId: accountIds.cardopenapi, productId: binProduct!.providerProductId, initialAmount: "10", tags: [] };

    // Baseline: a Card OPEN-API request alone, every provider answering.
    const alone = await fileNewCard({ ...openApi, alias: "Alone" });
    let startedAt = Date.now();
    await approveAll(db(), alone);
    const baseline = await secondsToEnd(alone, startedAt, 60_000);
    expect(baseline.status).toBe("done");

    await faults({ provider: "cardepass", hangRate: 1 });
    const stuck: string[] = [];
    for (let n = 1; n <= STUCK; n += 1) stuck.push(await fileNewCard({ ...cardepass, alias: `Hang ${n}` }));
    const healthy = await fileNewCard({ ...openApi, alias: "Healthy provider" });
    startedAt = Date.now();
    for (const id of stuck) await approveAll(db(), id);
    await approveAll(db(), healthy);
    // Read while no Cardepass timeout can have passed: once the first placements time out, their slots free and the
    // next stuck requests place, as they should.
    const stillStuck = await stuckOnceSlotsAreTaken(stuck, startedAt);
    const behind = await secondsToEnd(healthy, startedAt, 120_000);
    await faults({ provider: "cardepass", hangRate: 0 });
    console.log(JSON.stringify({ cardepassTimeoutS: TIMEOUT_MS / 1000, baseline, stuckCardepassRequests: STUCK, behind, stillStuck }));

    expect(behind.status).toBe("done");
    // Not a single Cardepass timeout later than alone (one per stuck request when they are taken one at a time).
    expect(behind.seconds).toBeLessThan(baseline.seconds + TIMEOUT_MS / 1000);
    // Two place (and wait on Cardepass); the others are left as they were, approved, and looked at again shortly.
    expect(stillStuck.filter((status) => status === "executing")).toHaveLength(PLACEMENT_SLOTS);
    expect(stillStuck.filter((status) => status === "approved")).toHaveLength(STUCK - PLACEMENT_SLOTS);
  });

  it("a request whose order is in review ends at once when finance records the outcome, beside its look waiting an hour", async () => {
    await faults({ provider: "cardepass", hangRate: 1 });
    const requestId = await fileNewCard({ kind: "cardepass-standard", accountId: accountIds.cardepass, productId: "DGG0C4JD", currency: "USD", initialAmount: "5", alias: "Review", tags: [] });
    await approveAll(db(), requestId);
    // The order goes out and its answer is lost (the provider stays silent); once it is in review, its next look (and
    // the request's) is an hour away.
    for (let waited = 0; !(await findOrder(db(), requestId))?.failureMessage && waited < 30_000; waited += 200) await sleep(200);
    expect(await markNeedsReview(db(), requestId, "The provider's answer was lost.", "no_lookup")).toMatchObject({ status: "needs_review" });
    let waiting: { start_after: Date }[] = [];
    for (let waited = 0; waited < 30_000; waited += 200) {
      const { rows } = await db().execute(sql`select start_after from pgboss.job where name = 'requests.execute' and data->>'requestId' = ${requestId} and state = 'created'`);
      waiting = rows as { start_after: Date }[];
      if (waiting.some((job) => new Date(job.start_after).getTime() > Date.now() + 30 * 60_000)) break;
      await sleep(200);
    }
    expect(waiting.map((job) => new Date(job.start_after).getTime() > Date.now() + 30 * 60_000)).toEqual([true]);
    expect((await findRequest(db(), requestId))?.status).toBe("executing");

    const startedAt = Date.now();
    const input = resolveOrderSchema.parse({ orderId: requestId, outcome: "not_done", note: "Nothing at the provider's portal." });
    await resolveOrderReview(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, input);
    const ended = await secondsToEnd(requestId, startedAt, 30_000);
    await faults({ provider: "cardepass", hangRate: 0 });
    console.log(JSON.stringify({ afterResolution: ended }));
    expect(ended.status).toBe("failed");
    expect(ended.seconds).toBeLessThan(5);
  });
});
