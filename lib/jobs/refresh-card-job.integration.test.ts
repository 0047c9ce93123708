/**
 * MONEY: after an order ends its card is read from the provider (afterOrderEnded, three reads); until a read succeeds
 * the card page shows the provider's old balance. When all three fail, a job of its own reads the card again, retried
 * with backoff, instead of leaving the card to the periodic card sync (every 5 minutes). Real PostgreSQL and pg-boss,
 * the sandbox over HTTP with its faults; the job is worked as the worker works it (workJob), nothing else is.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { afterOrderEnded } from "@/lib/orders/after-order-ended";
import { resolveOrderReview } from "@/lib/orders/resolve-order";
import { resolveOrderSchema } from "@/lib/orders/schemas";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { lostOrders } from "@/test/lost-orders";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createBoss } from "./boss";
import { createJobQueue } from "./job-queue";
import { closeQueue } from "./queue";
import { REFRESH_CARD } from "./refresh-card-job";
import { JOBS } from "./registry";
import { workJob } from "./worker";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let boss: PgBoss;
let cardopenapiAccountId = "";
const realFetch = globalThis.fetch;
const { activeCard, lostTopUp, ageIntoReview } = lostOrders(db, () => sandbox.url, realFetch);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  // A short retry budget: a read the sandbox fails on purpose fails in a moment.
  await db().update(providerAccounts).set({ settings: sql`${providerAccounts.settings} || ${JSON.stringify({ timeoutMs: 400, maxRetryMs: 300 })}::jsonb`, updatedAt: new Date() });
  cardopenapiAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardopenapi")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  await syncAllCards(db());
  // The queues as `npm run db:migrate` and the worker make them; nobody works them unless a test says so.
  boss = createBoss(database.url(), { schedule: false, supervise: false });
  await boss.start();
  for (const job of JOBS) await createJobQueue(boss, job);
}, 120_000);
afterEach(async () => {
  await boss.offWork(REFRESH_CARD);
  vi.restoreAllMocks();
  await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
afterAll(async () => {
  await closeQueue();
  await boss?.stop({ graceful: false, wait: true });
  await sandbox?.close();
});

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const fault = (body: Record<string, unknown>) =>
  realFetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

type QueuedRefresh = { state: string; singleton_key: string | null; retry_limit: number; retry_delay: number; retry_backoff: boolean; retry_count: number };

async function refreshesOf(cardId: string): Promise<QueuedRefresh[]> {
  const { rows } = await db().execute(
    sql`select state, singleton_key, retry_limit, retry_delay, retry_backoff, retry_count from pgboss.job where name = ${REFRESH_CARD} and data->>'cardId' = ${cardId} order by created_on`,
  );
  return rows as QueuedRefresh[];
}

/** Works the card refresh queue as one worker slot does (lib/jobs/worker.ts), until afterEach stops it. */
async function workCardRefreshes(): Promise<void> {
  const job = JOBS.find((candidate) => candidate.name === REFRESH_CARD);
  expect(job, `a job on ${REFRESH_CARD} in the registry`).toBeDefined();
  await workJob(boss, job!, db());
}

describe("a card whose reads after an order all fail", () => {
  it("is read again by a retried job, which stores the provider's new balance once the provider answers", async () => {
    const card = await activeCard("cardopenapi", cardopenapiAccountId, "Read again by a job");
    expect(card.balance).toBe(1_500n);
    // A top-up of $5.00 the provider carried out, whose answer was lost; finance records it as done.
    const topUp = await lostTopUp(card);
    await ageIntoReview(topUp);
    vi.restoreAllMocks();
    // From the end of the order on, the provider answers every request with a 5xx.
    await fault({ provider: "cardopenapi", errorRate: 1 });
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.join(" ")));
    vi.spyOn(console, "error").mockImplementation(() => undefined);

    const resolved = await resolveOrderReview(db(), await as("finance"), TEST_META, resolveOrderSchema.parse({ orderId: topUp, outcome: "done", note: "Recharge listed in the portal" }));
    expect(resolved).toEqual({ orderId: topUp, status: "completed" });
    expect(await findOrder(db(), topUp)).toMatchObject({ status: "completed" });
    // The order's end stands; the card shows the provider's old balance, and a retried read of it is queued.
    expect((await findCard(db(), card.id))!.balance).toBe(1_500n);
    expect(warnings.filter((line) => line.startsWith("[orders]"))).toEqual([expect.stringContaining(`could not refresh card ${card.id} after order ${topUp}`)]);
    expect(await refreshesOf(card.id)).toEqual([{ state: "created", singleton_key: `card:${card.id}`, retry_limit: 5, retry_delay: 30, retry_backoff: true, retry_count: 0 }]);

    // The worker's first run meets the provider still failing: the job waits for its retry, the balance unchanged.
    await workCardRefreshes();
    await vi.waitFor(async () => expect((await refreshesOf(card.id)).map((job) => job.state)).toEqual(["retry"]), { timeout: 15_000, interval: 100 });
    expect((await findCard(db(), card.id))!.balance).toBe(1_500n);

    // The provider answers again; the retry's delay (30 s and more) is skipped by moving its start to now.
    await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    await db().execute(sql`update pgboss.job set start_after = now() where name = ${REFRESH_CARD} and data->>'cardId' = ${card.id}`);
    await vi.waitFor(async () => expect((await refreshesOf(card.id)).map((job) => job.state)).toEqual(["completed"]), { timeout: 15_000, interval: 100 });
    // $15.00 + $5.00, as the provider states it.
    expect((await findCard(db(), card.id))!.balance).toBe(2_000n);
  });

  it("queues one refresh for a burst of orders ending on it", async () => {
    const card = await activeCard("cardopenapi", cardopenapiAccountId, "Burst of orders");
    await fault({ provider: "cardopenapi", errorRate: 1 });
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    for (let order = 0; order < 3; order += 1) await afterOrderEnded(db(), { id: randomUUID(), cardId: card.id } as ProviderOrderRow);
    expect((await refreshesOf(card.id)).map((job) => [job.state, job.singleton_key])).toEqual([["created", `card:${card.id}`]]);
  });

  it("is not retried once the provider says it does not know the card: it is marked missing there, in the job's name", async () => {
    const card = await activeCard("cardopenapi", cardopenapiAccountId, "Unknown to the provider");
    await fault({ provider: "cardopenapi", errorRate: 1 });
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await afterOrderEnded(db(), { id: randomUUID(), cardId: card.id } as ProviderOrderRow);
    expect(await refreshesOf(card.id)).toHaveLength(1);
    await realFetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    await updateCard(db(), card.id, { providerCardId: randomUUID().replace(/-/g, "") });

    await workCardRefreshes();
    await vi.waitFor(async () => expect((await refreshesOf(card.id)).map((job) => job.state)).toEqual(["completed"]), { timeout: 15_000, interval: 100 });
    expect((await findCard(db(), card.id))!.providerMissingSince).toBeInstanceOf(Date);
    const marked = await db().select().from(auditLog).where(and(eq(auditLog.action, "card.missing_at_provider"), eq(auditLog.targetId, card.id)));
    expect(marked).toEqual([expect.objectContaining({ actorUserId: null, actorEmail: `job:${REFRESH_CARD}`, actorRoles: [] })]);
  });
});
