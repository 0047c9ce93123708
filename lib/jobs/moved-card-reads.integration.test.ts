import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { idleQueues } from "@/test/idle-queues";
import { sandboxAdmin } from "@/test/transaction-sync";
import { queueReadsOfMovedCards, REFRESH_CARD, refreshCardJob } from "./refresh-card-job";
import { syncTransactionsJob } from "./sync-transactions-job";

// The seeded NobePay card the sandbox's README lists open (sandbox/README.md, "Seeded starting data").
const OPEN = "c_8f3a1c0e5b7d4a2f0001";

const database = withTestDatabase();
const db = () => database.db();
let queues: Awaited<ReturnType<typeof idleQueues>> | undefined;
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  queues = await idleQueues(database.url(), [refreshCardJob]);
});
afterAll(async () => {
  await queues?.stop();
  await sandbox?.close();
});

async function readsQueuedFor(cardId: string): Promise<number> {
  const { rows } = await db().execute<{ count: string }>(sql`select count(*)::text as count from pgboss.job where name = ${REFRESH_CARD} and data->>'cardId' = ${cardId} and state = 'created'`);
  return Number(rows[0]!.count);
}

describe("cards whose transactions moved money are read again", () => {
  it("a purchase the transaction sync stores queues a read of its card, once however often it is asked", async () => {
    const [nobepay] = await db().select().from(providerAccounts).where(and(eq(providerAccounts.provider, "nobepay")));
    const card = await findCardByProviderId(db(), { providerAccountId: nobepay!.id, providerCardId: OPEN });
    expect(card).not.toBeNull();
    expect(await readsQueuedFor(card!.id)).toBe(0);
    await sandboxAdmin(sandbox.url, "/purchase", { provider: "nobepay", cardId: OPEN, amount: "12.34", merchant: "MOVED MONEY", settle: true });
    await syncTransactionsJob.run({ accountId: nobepay!.id }, db());
    expect(await readsQueuedFor(card!.id)).toBe(1);
    // Nothing new: no read is asked for; asked again directly, the one waiting stands for both.
    await syncTransactionsJob.run({ accountId: nobepay!.id }, db());
    await queueReadsOfMovedCards([card!.id, card!.id]);
    expect(await readsQueuedFor(card!.id)).toBe(1);
  });
});
