/**
 * Card OPEN-API writes times with no zone (cardopenapi.md: `use_at datetime 是 激活时间`, example
 * `"2023-11-24 02:53:47"`), read in the account's time zone. When finance corrects an account's zone, the next read of
 * the provider's list puts each row it reads at the instant the provider's own time names under the new zone: when it
 * happened (occurred_at, by which the list, the date filters and the daily totals go), not only authorised_at. The
 * totals rollups, keyed by UTC day, move the row between days exactly (sandbox over HTTP through the real sync, and
 * the adapter's own reading of a trade at a fixed time, for a move across midnight whatever the hour the test runs).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totalsFromDailyTotals } from "@/db/queries/transaction-daily-totals";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { formatUtcDate } from "@/lib/format";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { accountOf, sandboxAdmin } from "@/test/transaction-sync";
import { toTransaction } from "@/lib/providers/cardopenapi/transform";
import { ingestTransactions } from "./ingest";
import { syncAccountTransactions } from "./sync-account";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
let teamId: string;

async function setZone(timeZone: string) {
  const account = await accountOf(db(), "cardopenapi");
  await db().update(providerAccounts).set({ settings: { ...account.settings, timeZone }, updatedAt: new Date() }).where(eq(providerAccounts.id, account.id));
}
async function row(accountId: string, providerTransactionId: string) {
  const [found] = await db()
    .select()
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerTransactionId, providerTransactionId)));
  return found!;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  const account = await accountOf(db(), "cardopenapi");
  teamId = await teamIdNamed(db(), "Operations");
  await db().update(cards).set({ teamId }).where(and(eq(cards.providerAccountId, account.id), eq(cards.providerCardId, CARD)));
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

describe("Card OPEN-API: a time zone corrected after the first pulls", () => {
  it("the next read puts each row it reads at the provider's time under the new zone, not the earlier one stored", async () => {
    const account = await accountOf(db(), "cardopenapi");
    // The sandbox writes UTC; read 14 hours ahead of it, every trade is stored 14 hours early.
    await setZone("Etc/GMT-14");
    const before = new Date();
    const trade = (await sandboxAdmin(sandbox.url, "/purchase", { provider: "cardopenapi", cardId: CARD, amount: "12.00", merchant: "GITHUB" })) as { id: string };
    await syncAccountTransactions(db(), account.id);
    const misread = await row(account.id, trade.id);
    expect(Math.abs(misread.occurredAt.getTime() - (before.getTime() - 14 * 3_600_000))).toBeLessThan(60_000);
    expect(misread.teamId).toBe(teamId);

    await setZone("UTC");
    await syncAccountTransactions(db(), account.id);
    const corrected = await row(account.id, trade.id);
    expect(Math.abs(corrected.occurredAt.getTime() - before.getTime())).toBeLessThan(60_000);
    expect(corrected.authorisedAt?.getTime()).toBe(corrected.occurredAt.getTime());
    const days = [...new Set([formatUtcDate(misread.occurredAt), formatUtcDate(corrected.occurredAt)])];
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId, days });

    // Read again under the same zone: nothing moves.
    await syncAccountTransactions(db(), account.id);
    expect((await row(account.id, trade.id)).occurredAt.getTime()).toBe(corrected.occurredAt.getTime());
  });

  it("a row moved into the next UTC day and month leaves the old day's totals and joins the new one's", async () => {
    const account = await accountOf(db(), "cardopenapi");
    const [card] = await db().select().from(cards).where(and(eq(cards.providerAccountId, account.id), eq(cards.providerCardId, CARD)));
    const wire = { trade_id: "TZ-1", card_id: CARD, trade_type: 1, trade_status: 2, amount: "-30.00", currency: "USD", merchant_name: "GITHUB", trade_at: "2026-03-01 02:30:00", settle_at: "2026-03-01 02:31:00" };
    const read = (timeZone: string) => db().transaction((tx) => ingestTransactions(tx, account, [toTransaction(wire, { timeZone, currency: "USD" })], new Date(), "list"));
    await read("Asia/Shanghai");
    expect((await row(account.id, "TZ-1")).occurredAt.toISOString()).toBe("2026-02-28T18:30:00.000Z");
    expect(await spentOn("2026-02-28")).toBe(3000n);
    expect(await spentOn("2026-03-01")).toBe(0n);

    await read("UTC");
    expect(await row(account.id, "TZ-1")).toMatchObject({ occurredAt: new Date("2026-03-01T02:30:00Z"), settledAt: new Date("2026-03-01T02:31:00Z"), cardId: card!.id, teamId });
    expect(await spentOn("2026-02-28")).toBe(0n);
    expect(await spentOn("2026-03-01")).toBe(3000n);
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId, days: ["2026-02-28", "2026-03-01"] });

    // A webhook-like report (not a read of the list) keeps the earliest time, as before.
    await db().transaction((tx) => ingestTransactions(tx, account, [toTransaction(wire, { timeZone: "Asia/Shanghai", currency: "USD" })], new Date(), "webhook"));
    expect((await row(account.id, "TZ-1")).occurredAt.toISOString()).toBe("2026-02-28T18:30:00.000Z");
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId, days: ["2026-02-28", "2026-03-01"] });

    async function spentOn(day: string): Promise<bigint> {
      const [totals] = await totalsFromDailyTotals(db(), { organizationId: account.organizationId, visibility: { all: true }, filters: { accountId: account.id, from: day, to: day } });
      return totals?.spent ?? 0n;
    }
  });
});
