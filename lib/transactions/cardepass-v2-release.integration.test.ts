/**
 * Cardepass v2 has one word for a refused purchase and for a hold let go: cardepass-v2.md
 *   551 `TransactionStatus … Pending(处理中)/Success(成功)/Failed(失败)`
 *   601 `| status          | string   | 交易状态     | Success/Failed/Pending     |`
 * so a row Cardhub held as Pending (authorised) that later reads Failed was approved and then released, not declined:
 * stored as reversed, no notice, not in the decline count. A row first read as Failed is a decline (the sandbox over
 * HTTP, an account marked as following the v2 document, through the real sync).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transactionTotalsFromRows } from "@/db/queries/transactions";
import { cards } from "@/db/schema/cards";
import { notifications } from "@/db/schema/notifications";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { accountOf, sandboxAdmin } from "@/test/transaction-sync";
import { syncAccountTransactions } from "./sync-account";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const CARD = "66a0c0de0000000000000001";
let holderId: string;

async function row(accountId: string, providerTransactionId: string) {
  const [found] = await db()
    .select()
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerTransactionId, providerTransactionId)));
  return found;
}
async function declineNotices() {
  return (await db().select().from(notifications).where(eq(notifications.recipientUserId, holderId))).filter((notice) => notice.kind === "card.declined");
}
async function declines(accountId: string, organizationId: string) {
  const [totals] = await transactionTotalsFromRows(db(), { organizationId, visibility: { all: true }, filters: { accountId, currency: "USD" } });
  return totals?.declinedCount ?? 0;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30, cardepassVersion: "v2" });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  const account = await accountOf(db(), "cardepass");
  await db().update(providerAccounts).set({ settings: { apiVersion: "v2" } }).where(eq(providerAccounts.id, account.id));
  // Cardepass has no card list: its cards come in through the card ids its transactions name.
  await syncAccountTransactions(db(), account.id);
  await syncAllCards(db());
  const [holder] = await db().select().from(users).where(eq(users.email, "employee@demo.test"));
  holderId = holder!.id;
  await db().update(cards).set({ ownerUserId: holderId }).where(and(eq(cards.providerAccountId, account.id), eq(cards.providerCardId, CARD)));
  await syncAccountTransactions(db(), account.id);
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

describe("Cardepass v2: Failed after Pending", () => {
  it("is a released hold: reversed, no decline notice, not counted as a decline, and stays so on later reads", async () => {
    const account = await accountOf(db(), "cardepass");
    const declinesBefore = await declines(account.id, account.organizationId);
    const hold = (await sandboxAdmin(sandbox.url, "/purchase", { provider: "cardepass", cardId: CARD, amount: "40.00", merchant: "HILTON HOTELS" })) as { id: string };
    await syncAccountTransactions(db(), account.id);
    expect((await row(account.id, hold.id))?.status).toBe("authorised");

    await sandboxAdmin(sandbox.url, `/transactions/${hold.id}/reverse`, {});
    for (let run = 0; run < 3; run += 1) await syncAccountTransactions(db(), account.id);
    const stored = await row(account.id, hold.id);
    expect(stored).toMatchObject({ status: "reversed", providerStatus: "Failed", declineReason: null, providerDeclineReason: null });
    expect(await declineNotices()).toEqual([]);
    expect(await declines(account.id, account.organizationId)).toBe(declinesBefore);
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id });
  });

  it("a row first read as Failed is still a decline, and its holder is told", async () => {
    const account = await accountOf(db(), "cardepass");
    const declinesBefore = await declines(account.id, account.organizationId);
    const refused = (await sandboxAdmin(sandbox.url, "/purchase", { provider: "cardepass", cardId: CARD, amount: "999999.00", merchant: "HILTON HOTELS" })) as { id: string; approved: boolean };
    expect(refused.approved).toBe(false);
    await syncAccountTransactions(db(), account.id);
    expect((await row(account.id, refused.id))?.status).toBe("declined");
    expect(await declines(account.id, account.organizationId)).toBe(declinesBefore + 1);
    expect((await declineNotices()).length).toBe(1);
  });
});
