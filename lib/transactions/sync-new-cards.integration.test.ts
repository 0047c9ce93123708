import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { providerForAccount } from "@/lib/providers/for-account";
import type { Transaction } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { accountOf, forgetPull, listEverything, storedIds } from "@/test/transaction-sync";
import { syncAccountTransactions } from "./sync-account";
import { SWEEP_OVERLAP_DAYS } from "./sync-window";

const database = withTestDatabase();
let sandbox: RunningSandbox;
const DAY_MS = 86_400_000;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

/** A NobePay card in Cardhub with transactions older than any later sweep's start (two days before the newest row seen). */
async function cardWithOldHistory(accountId: string): Promise<{ providerCardId: string; old: Transaction[] }> {
  const db = database.db();
  const real = await providerForAccount(db, accountId);
  const olderThanOverlap = (item: Transaction) => item.occurredAt !== null && item.occurredAt.getTime() < Date.now() - (SWEEP_OVERLAP_DAYS + 1) * DAY_MS;
  for (const card of await db.select().from(cards).where(eq(cards.providerAccountId, accountId))) {
    const old = (await listEverything(real, { cardId: card.providerCardId! })).filter(olderThanOverlap);
    if (old.length > 0) return { providerCardId: card.providerCardId!, old };
  }
  throw new Error("the sandbox gives no NobePay card back-dated history");
}

const oldIdsStored = async (accountId: string, old: Transaction[]) => {
  const stored = await storedIds(database.db(), accountId);
  return old.map((item) => item.providerTransactionId).filter((id) => stored.has(id));
};

/**
 * The account's first sweep, run while the card is not in Cardhub yet (a card sync imports a few thousand a run): none
 * of its history is stored. Returns the account.
 */
async function firstSweepWithout(late: { providerCardId: string; old: Transaction[] }) {
  const db = database.db();
  const nobepay = await accountOf(db, "nobepay");
  await forgetPull(db, nobepay.id);
  await db.delete(cards).where(and(eq(cards.providerAccountId, nobepay.id), eq(cards.providerCardId, late.providerCardId)));
  await syncAccountTransactions(db, nobepay.id);
  const afterFirst = await getTransactionSyncState(db, nobepay.id);
  expect(afterFirst!.lastSeenAt).not.toBeNull();
  expect(afterFirst!.state.cardsCoveredBefore).toBeDefined();
  expect(await oldIdsStored(nobepay.id, late.old)).toEqual([]);
  return nobepay;
}

describe("a NobePay card Cardhub takes in after the account's first sweep", () => {
  it("has its whole history read at its first read, not only what follows the sweep's start", async () => {
    const db = database.db();
    const late = await cardWithOldHistory((await accountOf(db, "nobepay")).id);
    const nobepay = await firstSweepWithout(late);

    // The next card sync imports it; the next sweep starts two days before the newest row, but reads this card whole.
    expect((await syncAllCards(db)).imported).toBeGreaterThanOrEqual(1);
    await syncAccountTransactions(db, nobepay.id);
    expect(await oldIdsStored(nobepay.id, late.old)).toHaveLength(late.old.length);
  }, 120_000);

  it("is read once even when it is cancelled before its first read, as a card imported already cancelled is", async () => {
    const db = database.db();
    const late = await cardWithOldHistory((await accountOf(db, "nobepay")).id);
    const nobepay = await firstSweepWithout(late);

    await syncAllCards(db);
    await db.update(cards).set({ status: "cancelled" }).where(and(eq(cards.providerAccountId, nobepay.id), eq(cards.providerCardId, late.providerCardId)));
    await syncAccountTransactions(db, nobepay.id);
    expect(await oldIdsStored(nobepay.id, late.old)).toHaveLength(late.old.length);
  }, 120_000);

  it("is read back after an upgrade from a version that did not keep when the last sweep listed the cards", async () => {
    const db = database.db();
    const nobepay = await accountOf(db, "nobepay");
    const late = await cardWithOldHistory(nobepay.id);
    await syncAccountTransactions(db, nobepay.id);
    expect(await oldIdsStored(nobepay.id, late.old)).toHaveLength(late.old.length);
    // The state such a version left (no cardsCoveredBefore), and a card whose older rows it never read.
    await db.execute(sql`update transaction_sync_states set state = state - 'cardsCoveredBefore' where provider_account_id = ${nobepay.id}`);
    await db.delete(transactions).where(and(eq(transactions.providerAccountId, nobepay.id), inArray(transactions.providerTransactionId, late.old.map((item) => item.providerTransactionId))));

    await syncAccountTransactions(db, nobepay.id);

    expect(await oldIdsStored(nobepay.id, late.old)).toHaveLength(late.old.length);
    expect((await getTransactionSyncState(db, nobepay.id))!.state.cardsCoveredBefore).toBeDefined();
  }, 120_000);
});
