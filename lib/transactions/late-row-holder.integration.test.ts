/**
 * A transaction reported after its card changed hands (a late-listed row, one the daily re-read or a card's first read
 * back finds, one that waited for its card) belongs to the holder and team that had the card when it happened, not to
 * the card's holder when Cardhub received it (review money41, finding 1). Who held a card when is kept in
 * card_holdings; ingestTransactions and linkUnlinkedTransactions give each row the holding covering its occurred_at.
 */
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { linkUnlinkedTransactions } from "@/db/queries/transactions-ingest";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { cardHoldings } from "@/db/schema/card-holdings";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { reassignCard } from "@/lib/cards/edit-card";
import { loadEmployeeOverview, loadManagerOverview } from "@/lib/overview/load-overview";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { nobepayPurchase } from "@/test/nobepay-trade";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { ingestTransactions } from "./ingest";

const database = withTestDatabase();
const db = () => database.db();
let finance: SessionUser;
let omar: SessionUser; // manages Operations
let mia: SessionUser; // manages Marketing
let eli: SessionUser; // Operations
let emma: SessionUser; // Marketing
let account: { id: string; organizationId: string };
let operations: string;
let marketing: string;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const usd = (spend: { currency: string; thisMonth: bigint }[]) => spend.find((row) => row.currency === "USD")?.thisMonth ?? 0n;
const teamSpend = async (manager: SessionUser, now: Date) => usd((await loadManagerOverview(db(), manager, now)).teamSpend);

async function holderOf(providerTransactionId: string) {
  const [row] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, providerTransactionId));
  return { cardId: row!.cardId, ownerUserId: row!.ownerUserId, teamId: row!.teamId };
}

/** Noon (UTC) of the day before today: in the past, and an hour on either side stays in its UTC month. */
function yesterdayNoon(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 12));
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const user = (name: string) => sessionUserFor(db(), `${name}@demo.test`);
  [finance, omar, mia, eli, emma] = [await user("finance"), await user("manager"), await user("manager2"), await user("employee"), await user("employee2")];
  const [nobepay] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
  account = { id: nobepay!.id, organizationId: nobepay!.organizationId };
  [operations, marketing] = [eli.teamIds[0]!, emma.teamIds[0]!];
  expect(omar.managedTeamIds).toEqual([operations]);
  expect(mia.managedTeamIds).toEqual([marketing]);
});

describe("a purchase reported after its card changed hands", () => {
  it("stays with the holder and team it was spent by: their totals and lists, not the new holder's", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    await updateCard(db(), cardId, { providerCardId: "c_late_row" });
    // Eli (Operations) spends $100.00, reported at once, and $250.00 a minute later, which the provider lists late.
    const spentAt = yesterdayNoon();
    const overviewAt = new Date(spentAt.getTime() + 3_600_000);
    await ingestTransactions(db(), account, [nobepayPurchase("t_on_time", "c_late_row", 10_000, spentAt)], new Date(), "list");
    const before = { operations: await teamSpend(omar, overviewAt), marketing: await teamSpend(mia, overviewAt) };
    const emmaBefore = usd((await loadEmployeeOverview(db(), emma, overviewAt)).spendThisMonth);

    // Finance hands the card to Emma (Marketing); then the late purchase is read.
    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id });
    await ingestTransactions(db(), account, [nobepayPurchase("t_late", "c_late_row", 25_000, new Date(spentAt.getTime() + 60_000))], new Date(), "list");

    expect(await holderOf("t_late")).toEqual({ cardId, ownerUserId: eli.id, teamId: operations });
    expect(await teamSpend(omar, overviewAt)).toBe(before.operations + 25_000n);
    expect(await teamSpend(mia, overviewAt)).toBe(before.marketing);
    const emmaNow = await loadEmployeeOverview(db(), emma, overviewAt);
    expect(usd(emmaNow.spendThisMonth)).toBe(emmaBefore);
    expect(emmaNow.recentTransactions.map((row) => row.providerTransactionId)).not.toContain("t_late");
    const eliNow = await loadEmployeeOverview(db(), eli, overviewAt);
    expect(eliNow.recentTransactions.map((row) => row.providerTransactionId)).toContain("t_late");
    // A purchase made after the hand-over is Emma's, reported late or not.
    const afterHandOver = new Date();
    await pause(20);
    await ingestTransactions(db(), account, [nobepayPurchase("t_emma", "c_late_row", 700, afterHandOver)], new Date(), "list");
    expect(await holderOf("t_emma")).toEqual({ cardId, ownerUserId: emma.id, teamId: marketing });
    for (const teamId of [operations, marketing]) await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });
  });

  it("that waited for its card is linked to whoever held the card when it happened", async () => {
    // Issued for Eli; the provider's card id is written later, so its first purchases wait unlinked.
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    const spentAt = new Date(yesterdayNoon().getTime() + 2 * 60_000);
    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id });
    const afterHandOver = new Date();
    await pause(20);
    await ingestTransactions(
      db(),
      account,
      [nobepayPurchase("t_wait_eli", "c_found_later", 4_200, spentAt), nobepayPurchase("t_wait_emma", "c_found_later", 1_300, afterHandOver)],
      new Date(),
      "list",
    );
    expect(await holderOf("t_wait_eli")).toEqual({ cardId: null, ownerUserId: null, teamId: null });

    await updateCard(db(), cardId, { providerCardId: "c_found_later" });
    expect(await linkUnlinkedTransactions(db(), { providerAccountId: account.id })).toBe(2);
    expect(await holderOf("t_wait_eli")).toEqual({ cardId, ownerUserId: eli.id, teamId: operations });
    expect(await holderOf("t_wait_emma")).toEqual({ cardId, ownerUserId: emma.id, teamId: marketing });
    for (const teamId of [operations, marketing]) await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });
  });

  it("on a card imported unassigned: rows read before it is assigned stay nobody's, a late one goes to its first holder", async () => {
    const imported = (providerCardId: string) =>
      insertCard(db(), {
        organizationId: account.organizationId, providerAccountId: account.id, providerCardId, cardModel: "prepaid",
        alias: `Imported ${providerCardId}`, currency: "USD", status: "active", balance: 0n,
      });
    const spentAt = new Date(yesterdayNoon().getTime() + 5 * 60_000);
    const card = await imported("c_imported");
    // A row waiting for a card that is then imported unassigned is linked to it, with nobody's name.
    await ingestTransactions(db(), account, [nobepayPurchase("t_imported_wait", "c_imported_wait", 900, spentAt)], new Date(), "list");
    const waitedFor = await imported("c_imported_wait");
    await linkUnlinkedTransactions(db(), { providerAccountId: account.id });
    expect(await holderOf("t_imported_wait")).toEqual({ cardId: waitedFor.id, ownerUserId: null, teamId: null });

    await ingestTransactions(db(), account, [nobepayPurchase("t_imported_read", "c_imported", 800, spentAt)], new Date(), "list");
    expect(await holderOf("t_imported_read")).toEqual({ cardId: card.id, ownerUserId: null, teamId: null });
    await reassignCard(db(), finance, TEST_META, { cardId: card.id, ownerUserId: eli.id });
    await ingestTransactions(db(), account, [nobepayPurchase("t_imported_late", "c_imported", 600, new Date(spentAt.getTime() + 60_000))], new Date(), "list");
    expect(await holderOf("t_imported_late")).toEqual({ cardId: card.id, ownerUserId: eli.id, teamId: operations });
    // What was stored stays as it was.
    expect(await holderOf("t_imported_read")).toEqual({ cardId: card.id, ownerUserId: null, teamId: null });
  });

  it("on a card handed on twice, each row of one late page goes to the holding it fell in", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    await updateCard(db(), cardId, { providerCardId: "c_twice" });
    const beforeFirst = new Date();
    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id });
    const afterFirst = new Date();
    await pause(40);
    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: omar.id });
    const afterSecond = new Date();
    await pause(40);

    const periods = await db()
      .select({ ownerUserId: cardHoldings.ownerUserId, teamId: cardHoldings.teamId, opening: sql<boolean>`${cardHoldings.validFrom} = '-infinity'` })
      .from(cardHoldings)
      .where(eq(cardHoldings.cardId, cardId))
      .orderBy(asc(cardHoldings.validFrom));
    expect(periods).toEqual([
      { ownerUserId: eli.id, teamId: operations, opening: true },
      { ownerUserId: emma.id, teamId: marketing, opening: false },
      { ownerUserId: omar.id, teamId: operations, opening: false },
    ]);

    // One page read after both hand-overs: a purchase from before Cardhub knew the card, one in Emma's time, one in Omar's.
    await ingestTransactions(
      db(),
      account,
      [
        nobepayPurchase("t_twice_3", "c_twice", 300, new Date(afterSecond.getTime() + 20)),
        nobepayPurchase("t_twice_2", "c_twice", 200, new Date(afterFirst.getTime() + 20)),
        nobepayPurchase("t_twice_1", "c_twice", 100, new Date(beforeFirst.getTime() - 86_400_000)),
      ],
      new Date(),
      "list",
    );
    expect(await holderOf("t_twice_1")).toEqual({ cardId, ownerUserId: eli.id, teamId: operations });
    expect(await holderOf("t_twice_2")).toEqual({ cardId, ownerUserId: emma.id, teamId: marketing });
    expect(await holderOf("t_twice_3")).toEqual({ cardId, ownerUserId: omar.id, teamId: operations });
    for (const teamId of [operations, marketing]) await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });
  });
});
