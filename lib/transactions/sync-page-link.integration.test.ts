/**
 * A page of the transactions pull (walkPages → writePage → ingestTransactions, one database transaction) and the card
 * sync's linking of rows whose card was not known yet (linkUnlinkedTransactions, run outside the pull's lease by
 * lib/cards/sync-account-cards.ts) write the same account's ledger at once. The page writes its rows one statement at a
 * time in the order the provider lists them (newest first), each statement moving the team/day totals its row falls in
 * (statement triggers of transaction_team_daily_totals); the link locks all its rows in provider transaction id order,
 * then moves the team totals of every row it linked in key order (oldest day first). Two cycles follow:
 * - rows: the page holds a row listed first and wants one listed later, which the link, going by id, took first and
 *   holds while it waits for the page's;
 * - totals, with no row in common: the page moved a later day's team totals for a new row and wants an earlier day's
 *   for the next one, which the link's trigger took first and holds while it waits for the later day's.
 * A third session briefly holding a row of the page (as any single-row writer may) stops the page between the two of
 * its writes, and the link is started while it waits: each cycle then closes every time.
 */
import { and, eq, inArray, like } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkUnlinkedTransactions } from "@/db/queries/transactions-ingest";
import { transactionRowsUnread } from "@/db/schema/transaction-rows-unread";
import { AUDIT_CHAIN_LOCK } from "@/lib/audit/record";
import { claimTransactionSync, releaseTransactionSync } from "@/db/queries/transactions-sync";
import { cards } from "@/db/schema/cards";
import { teams } from "@/db/schema/teams";
import { transactions } from "@/db/schema/transactions";
import { providerForAccount } from "@/lib/providers/for-account";
import type { Transaction } from "@/lib/providers/types";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { accountOf, withList } from "@/test/transaction-sync";
import { lockWaitersReach, outcomeOf } from "@/test/lock-waits";
import { pullTradeList } from "./sync-pages";
import { updateMemo, updateMemoSchema } from "./update-memo";

const database = withTestDatabase();
const db = () => database.db();
withSeededSandbox(db);
const CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
const MERCHANT = "DEADLOCK TEST SHOP";

let other: pg.Client;
let watcher: pg.Client;
let account: Awaited<ReturnType<typeof accountOf>>;
let card: { id: string; teamId: string };

beforeAll(async () => {
  account = await accountOf(db(), "cardopenapi");
  const [team] = await db().select().from(teams).where(and(eq(teams.organizationId, account.organizationId), eq(teams.name, "Operations")));
  // The card's rows count in its team's totals, which the link moves when it gives a row its team.
  const [assigned] = await db()
    .update(cards)
    .set({ teamId: team!.id })
    .where(and(eq(cards.providerAccountId, account.id), eq(cards.providerCardId, CARD)))
    .returning({ id: cards.id });
  card = { id: assigned!.id, teamId: team!.id };
  other = new pg.Client({ connectionString: database.url() });
  watcher = new pg.Client({ connectionString: database.url() });
  await other.connect();
  await watcher.connect();
});
afterAll(async () => {
  await other?.end();
  await watcher?.end();
});

/** A settled one-dollar purchase on the card as Card OPEN-API's list reports it. */
function listed(providerTransactionId: string, at: string): Transaction {
  return {
    provider: "cardopenapi",
    providerTransactionId,
    providerCardId: CARD,
    status: "completed",
    providerStatus: "SUCCESS",
    kind: "purchase",
    providerType: "CONSUME",
    amount: { amount: -100n, currency: "USD" },
    originalAmount: null,
    authAmount: null,
    merchantName: MERCHANT,
    merchantCountry: null,
    description: null,
    authCode: null,
    failureReason: null,
    authorizedAt: new Date(at),
    settledAt: new Date(at),
    occurredAt: new Date(at),
  };
}

/** Stored rows of the card, linked to it or not yet (its card was not known when they arrived). */
async function stored(rows: { providerTransactionId: string; at: string; linked: boolean }[]): Promise<Map<string, string>> {
  await db().delete(transactions).where(like(transactions.providerTransactionId, "DLK-%"));
  const inserted = await db()
    .insert(transactions)
    .values(
      rows.map((row) => ({
        organizationId: account.organizationId,
        providerAccountId: account.id,
        providerTransactionId: row.providerTransactionId,
        providerCardId: CARD,
        cardId: row.linked ? card.id : null,
        teamId: row.linked ? card.teamId : null,
        type: "purchase",
        providerType: "CONSUME",
        status: "settled" as const,
        statusRank: 2,
        providerStatus: "SUCCESS",
        direction: "debit" as const,
        amount: 100n,
        currency: "USD",
        merchantName: MERCHANT,
        authorisedAt: new Date(row.at),
        settledAt: new Date(row.at),
        occurredAt: new Date(row.at),
        occurredAtFromProvider: true,
      })),
    )
    .returning({ id: transactions.id, providerTransactionId: transactions.providerTransactionId });
  return new Map(inserted.map((row) => [row.providerTransactionId, row.id]));
}

/**
 * One page of the pull listing `page` (in that order) and one link of the account at once, while `held` is held by a
 * third session until both wait.
 */
async function pageAndLinkAtOnce(page: Transaction[], held: string): Promise<string[]> {
  const lease = (await claimTransactionSync(db(), account.id, 60_000))!;
  const provider = withList(await providerForAccount(db(), account.id), async () => ({ items: page, nextCursor: null, total: page.length }));
  const summary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0, movedCardIds: new Set<string>() };
  const context = { db: db(), account: { id: account.id, organizationId: account.organizationId, label: account.label }, provider, options: {}, summary, lease };
  try {
    await other.query("begin");
    await other.query("select id from transactions where id = $1 for update", [held]);
    const write = pullTradeList(context).then(...outcomeOf("page"));
    await Promise.race([lockWaitersReach(watcher, 1), write.then((result) => Promise.reject(new Error(`the page never met the held row: ${result}`)))]);
    const link = linkUnlinkedTransactions(db(), { providerAccountId: account.id }).then(...outcomeOf("link"));
    await lockWaitersReach(watcher, 2);
    await other.query("commit");
    return await Promise.all([write, link]);
  } finally {
    await other.query("rollback").catch(() => undefined);
    await releaseTransactionSync(db(), lease);
  }
}

async function rowsOf(ids: string[]) {
  const rows = await db()
    .select({ providerTransactionId: transactions.providerTransactionId, cardId: transactions.cardId, teamId: transactions.teamId })
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, account.id), inArray(transactions.providerTransactionId, ids)));
  return rows.sort((a, b) => a.providerTransactionId.localeCompare(b.providerTransactionId));
}

const linkedToCard = (ids: string[]) => ids.map((providerTransactionId) => ({ providerTransactionId, cardId: card.id, teamId: card.teamId }));

describe("a page of the transactions pull and the card sync's linking of the same account", () => {
  it("both finish when the page holds a row the link wants and wants one the link took first (rows)", async () => {
    // Listed newest first: DLK-3, DLK-2, DLK-1; the link goes by id: DLK-0, DLK-1, then DLK-3, which the page holds.
    const ids = await stored([
      { providerTransactionId: "DLK-0", at: "2026-01-15T08:00:00Z", linked: false },
      { providerTransactionId: "DLK-1", at: "2026-01-15T09:00:00Z", linked: false },
      { providerTransactionId: "DLK-2", at: "2026-01-15T10:00:00Z", linked: true },
      { providerTransactionId: "DLK-3", at: "2026-01-15T11:00:00Z", linked: false },
    ]);
    const page = [listed("DLK-3", "2026-01-15T11:00:00Z"), listed("DLK-2", "2026-01-15T10:00:00Z"), listed("DLK-1", "2026-01-15T09:00:00Z")];
    // The page links its own rows to the card it finds; the link is left DLK-0, which the page does not list.
    expect(await pageAndLinkAtOnce(page, ids.get("DLK-2")!)).toEqual(["page ok", "link ok (1)"]);
    expect(await rowsOf(["DLK-0", "DLK-1", "DLK-2", "DLK-3"])).toEqual(linkedToCard(["DLK-0", "DLK-1", "DLK-2", "DLK-3"]));
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId: card.teamId, days: ["2026-01-15"] });
  }, 30_000);

  it("both finish when they share no row but the page's new rows and the link's rows fall in the same team totals (totals)", async () => {
    // The link gives DLK-11 (14th) and DLK-12 (16th) their team, then moves the team's totals of the 14th and the 16th;
    // the page, newest first, adds DLK-31 on the 16th, meets DLK-20 held, then adds DLK-32 on the 14th.
    const ids = await stored([
      { providerTransactionId: "DLK-11", at: "2026-01-14T09:00:00Z", linked: false },
      { providerTransactionId: "DLK-12", at: "2026-01-16T09:00:00Z", linked: false },
      { providerTransactionId: "DLK-20", at: "2026-01-15T12:00:00Z", linked: true },
    ]);
    const page = [listed("DLK-31", "2026-01-16T12:00:00Z"), listed("DLK-20", "2026-01-15T12:00:00Z"), listed("DLK-32", "2026-01-14T12:00:00Z")];
    expect(await pageAndLinkAtOnce(page, ids.get("DLK-20")!)).toEqual(["page ok", "link ok (2)"]);
    expect(await rowsOf(["DLK-11", "DLK-12", "DLK-20", "DLK-31", "DLK-32"])).toEqual(linkedToCard(["DLK-11", "DLK-12", "DLK-20", "DLK-31", "DLK-32"]));
    await expectRollupsMatchRows(db(), {
      organizationId: account.organizationId,
      accountId: account.id,
      teamId: card.teamId,
      days: ["2026-01-14", "2026-01-15", "2026-01-16"],
    });
  }, 30_000);
});

describe("a page of the transactions pull with a row it cannot read, and a cardholder's memo on a row of that page", () => {
  // The audit chain is the one lock every audited change takes, so it is taken last, after the rows a change locks: a
  // memo locks its row, then the chain. A page that audited its unreadable row before writing its rows held the chain
  // while it waited for the memo's row, and the memo held that row while it waited for the chain.
  it("both finish: the page audits its unreadable row after writing its rows", async () => {
    const ids = await stored([{ providerTransactionId: "DLK-40", at: "2026-01-20T09:00:00Z", linked: true }]);
    const employee = await sessionUserFor(db(), "employee@demo.test");
    await db().update(transactions).set({ ownerUserId: employee.id }).where(eq(transactions.id, ids.get("DLK-40")!));
    await db().delete(transactionRowsUnread).where(eq(transactionRowsUnread.providerTransactionId, "DLK-41"));
    const lease = (await claimTransactionSync(db(), account.id, 60_000))!;
    const page = { items: [listed("DLK-40", "2026-01-20T09:00:00Z")], skipped: [{ providerTransactionId: "DLK-41", reason: "amount 1.005 is finer than USD's cents" }], nextCursor: null, total: 2 };
    const provider = withList(await providerForAccount(db(), account.id), async () => page);
    const summary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0, movedCardIds: new Set<string>() };
    const context = { db: db(), account: { id: account.id, organizationId: account.organizationId, label: account.label }, provider, options: {}, summary, lease };
    try {
      // Another change holds the chain while the page reaches it and the memo takes its row.
      await other.query("begin");
      await other.query("select pg_advisory_xact_lock($1)", [AUDIT_CHAIN_LOCK]);
      const write = pullTradeList(context).then(...outcomeOf("page"));
      await Promise.race([lockWaitersReach(watcher, 1), write.then((result) => Promise.reject(new Error(`the page never waited for the chain: ${result}`)))]);
      const memo = updateMemo(db(), employee, TEST_META, updateMemoSchema.parse({ transactionId: ids.get("DLK-40"), memo: "Team lunch" })).then(...outcomeOf("memo"));
      await lockWaitersReach(watcher, 2);
      await other.query("commit");
      expect(await Promise.all([write, memo])).toEqual(["page ok", "memo ok"]);
    } finally {
      await other.query("rollback").catch(() => undefined);
      await releaseTransactionSync(db(), lease);
    }
    const [row] = await db().select({ memo: transactions.memo }).from(transactions).where(eq(transactions.id, ids.get("DLK-40")!));
    expect(row).toEqual({ memo: "Team lunch" });
    const unread = await db().select({ reason: transactionRowsUnread.reason }).from(transactionRowsUnread).where(eq(transactionRowsUnread.providerTransactionId, "DLK-41"));
    expect(unread).toHaveLength(1);
  }, 30_000);
});
