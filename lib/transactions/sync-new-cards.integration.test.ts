import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cards } from "@/db/schema/cards";
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

describe("a NobePay card Cardhub takes in after the account's first sweep", () => {
  it("has its whole history read at its first read, not only what follows the sweep's start", async () => {
    const db = database.db();
    const nobepay = await accountOf(db, "nobepay");
    const real = await providerForAccount(db, nobepay.id);
    // A card with transactions older than any later sweep's start (two days before the newest row seen).
    const olderThanOverlap = (item: Transaction) => item.occurredAt !== null && item.occurredAt.getTime() < Date.now() - (SWEEP_OVERLAP_DAYS + 1) * DAY_MS;
    let late: { providerCardId: string; old: Transaction[] } | undefined;
    for (const card of await db.select().from(cards).where(eq(cards.providerAccountId, nobepay.id))) {
      const old = (await listEverything(real, { cardId: card.providerCardId! })).filter(olderThanOverlap);
      if (old.length > 0) {
        late = { providerCardId: card.providerCardId!, old };
        break;
      }
    }
    expect(late, "the sandbox gives some NobePay card back-dated history").toBeDefined();

    // The account's first sweep runs while the card is not in Cardhub yet (a card sync imports a few thousand a run).
    await forgetPull(db, nobepay.id);
    await db.delete(cards).where(and(eq(cards.providerAccountId, nobepay.id), eq(cards.providerCardId, late!.providerCardId)));
    await syncAccountTransactions(db, nobepay.id);
    const afterFirst = await getTransactionSyncState(db, nobepay.id);
    expect(afterFirst!.lastSeenAt).not.toBeNull();
    expect(afterFirst!.state.cardsCoveredBefore).toBeDefined();
    const oldIds = late!.old.map((item) => item.providerTransactionId);
    const afterFirstIds = await storedIds(db, nobepay.id);
    expect(oldIds.filter((id) => afterFirstIds.has(id))).toEqual([]);

    // The next card sync imports it; the next sweep starts two days before the newest row, but reads this card whole.
    expect((await syncAllCards(db)).imported).toBeGreaterThanOrEqual(1);
    await syncAccountTransactions(db, nobepay.id);
    const stored = await storedIds(db, nobepay.id);
    expect(oldIds.filter((id) => !stored.has(id))).toEqual([]);
  }, 120_000);
});
