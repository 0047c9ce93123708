import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { SYNC_STATEMENTS, syncStatementsJob } from "@/lib/jobs/sync-statements-job";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { idleQueues } from "@/test/idle-queues";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// The seeded NobePay card the sandbox's README lists open (sandbox/README.md, "Seeded starting data").
const OPEN = "c_8f3a1c0e5b7d4a2f0001";

const database = withTestDatabase();
const db = () => database.db();
let queues: Awaited<ReturnType<typeof idleQueues>> | undefined;
let sandbox: RunningSandbox;

beforeAll(async () => {
  // Orders settled in the provider's first answer: none of them reaches the follow-up job.
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 0 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  queues = await idleQueues(database.url(), [syncStatementsJob]);
});
afterAll(async () => {
  await queues?.stop();
  await sandbox?.close();
});

describe("an order that ends in the provider's first answer", () => {
  it("has its account's statement read soon, where its lines now are", async () => {
    const [nobepay] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
    const card = await findCardByProviderId(db(), { providerAccountId: nobepay!.id, providerCardId: OPEN });
    const queued = async () =>
      Number((await db().execute<{ count: string }>(sql`select count(*)::text as count from pgboss.job where name = ${SYNC_STATEMENTS} and data->>'accountId' = ${nobepay!.id}`)).rows[0]!.count);
    expect(await queued()).toBe(0);
    const { orderId } = await requestCardChange(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, card!.id, { type: "topup", amount: "10.05" });
    expect(await findOrder(db(), orderId)).toMatchObject({ status: "completed" });
    expect(await queued()).toBe(1);
  });
});
