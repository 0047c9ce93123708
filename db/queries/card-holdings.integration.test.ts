/**
 * card_holdings: who held a card when, written by the triggers on cards (migration 0052) whatever path writes the card,
 * and read by the pick that books a transaction to the holding its time falls in (db/queries/card-holdings.ts).
 */
import { randomBytes } from "node:crypto";
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { ensureLoginRole, grantAppRole } from "@/db/app-role";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { cardLinksStatement, linkUnlinkedStatement } from "@/db/queries/transactions-ingest";
import { cardHoldings } from "@/db/schema/card-holdings";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { reassignCard } from "@/lib/cards/edit-card";
import { insertBulkCards } from "@/test/bulk-cards";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { planNodes, type PlanNode } from "@/test/query-plan";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
let finance: SessionUser;
let eli: SessionUser;
let emma: SessionUser;
let account: { id: string; organizationId: string };
let operations: string;
let marketing: string;

/** A card's holdings, oldest first; `from` is null for the opening one (-infinity). */
async function holdingsOf(cardId: string) {
  return db()
    .select({
      ownerUserId: cardHoldings.ownerUserId,
      teamId: cardHoldings.teamId,
      from: sql<Date | null>`case when ${cardHoldings.validFrom} = '-infinity' then null else ${cardHoldings.validFrom} end`.mapWith(
        (value: string | null) => (value === null ? null : new Date(value)),
      ),
    })
    .from(cardHoldings)
    .where(eq(cardHoldings.cardId, cardId))
    .orderBy(asc(cardHoldings.validFrom));
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  [finance, eli, emma] = [await sessionUserFor(db(), "finance@demo.test"), await sessionUserFor(db(), "employee@demo.test"), await sessionUserFor(db(), "employee2@demo.test")];
  const [nobepay] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
  account = { id: nobepay!.id, organizationId: nobepay!.organizationId };
  [operations, marketing] = [eli.teamIds[0]!, emma.teamIds[0]!];
});

describe("card holdings", () => {
  it("a new card holds its first holder from -infinity; only a change of its owner or team starts another", async () => {
    const cardId = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    expect(await holdingsOf(cardId)).toEqual([{ ownerUserId: eli.id, teamId: operations, from: null }]);

    await updateCard(db(), cardId, { alias: "Renamed", balance: 5n, status: "frozen" });
    await updateCard(db(), cardId, { ownerUserId: eli.id, teamId: operations });
    expect(await holdingsOf(cardId)).toHaveLength(1);

    // The holder moves team (moveLockedHolderCards writes the team alone).
    const before = new Date();
    await updateCard(db(), cardId, { teamId: marketing });
    const after = new Date();
    const [, moved] = await holdingsOf(cardId);
    expect(moved).toMatchObject({ ownerUserId: eli.id, teamId: marketing });
    expect(moved!.from!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(moved!.from!.getTime()).toBeLessThanOrEqual(after.getTime());

    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id });
    expect((await holdingsOf(cardId)).map(({ ownerUserId, teamId }) => ({ ownerUserId, teamId }))).toEqual([
      { ownerUserId: eli.id, teamId: operations },
      { ownerUserId: eli.id, teamId: marketing },
      { ownerUserId: emma.id, teamId: marketing },
    ]);
  });

  it("a card imported unassigned has none until it is first assigned, and that holder then reaches back", async () => {
    const card = await insertCard(db(), {
      organizationId: account.organizationId, providerAccountId: account.id, providerCardId: "c_imported", cardModel: "prepaid",
      alias: "Imported", currency: "USD", status: "active", balance: 0n,
    });
    expect(await holdingsOf(card.id)).toEqual([]);
    await reassignCard(db(), finance, TEST_META, { cardId: card.id, ownerUserId: eli.id });
    await reassignCard(db(), finance, TEST_META, { cardId: card.id, ownerUserId: emma.id });
    expect((await holdingsOf(card.id)).map(({ ownerUserId, teamId, from }) => ({ ownerUserId, teamId, opening: from === null }))).toEqual([
      { ownerUserId: eli.id, teamId: operations, opening: true },
      { ownerUserId: emma.id, teamId: marketing, opening: false },
    ]);
  });

  it("a card written in bulk gets its opening holding too, and a deleted card takes its holdings with it", async () => {
    const inserted = await db()
      .insert(cards)
      .values([1, 2, 3].map((n) => ({ organizationId: account.organizationId, providerAccountId: account.id, cardModel: "prepaid" as const, ownerUserId: emma.id, teamId: marketing, alias: `Bulk ${n}`, currency: "USD" })))
      .returning({ id: cards.id });
    for (const { id } of inserted) expect(await holdingsOf(id)).toEqual([{ ownerUserId: emma.id, teamId: marketing, from: null }]);
    await db().delete(cards).where(eq(cards.id, inserted[0]!.id));
    expect(await holdingsOf(inserted[0]!.id)).toEqual([]);
  });

  it("are read by the application's role, and its card writes record them", async () => {
    const role = `cardhub_app_${randomBytes(4).toString("hex")}`;
    const owner = createDb(database.url(), 1);
    const appUrl = await ensureLoginRole(owner.pool, { ownerUrl: database.url(), role, password: randomBytes(12).toString("hex") });
    await grantAppRole(owner.pool, role);
    const app = createDb(appUrl, 1);
    try {
      const cardId = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
      await app.db.update(cards).set({ teamId: marketing }).where(eq(cards.id, cardId));
      const read = await app.db.select({ teamId: cardHoldings.teamId }).from(cardHoldings).where(eq(cardHoldings.cardId, cardId)).orderBy(asc(cardHoldings.validFrom));
      expect(read).toEqual([{ teamId: operations }, { teamId: marketing }]);
    } finally {
      await app.pool.end();
      await owner.pool.query(`drop owned by "${role}"`);
      await owner.pool.query(`drop role if exists "${role}"`);
      await owner.pool.end();
    }
  });
});

describe("the pick of a row's holding, on many cards", () => {
  /** How the statement reads card_holdings: each scan's type, direction and index. */
  const holdingReads = async (statement: SQL) => {
    const plan = await db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${statement}`);
    const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]).filter((node) => node["Relation Name"] === "card_holdings") as (PlanNode & { "Scan Direction"?: string })[];
    return nodes.map((node) => [node["Node Type"], node["Scan Direction"], node["Index Name"]].filter(Boolean).join(" "));
  };

  beforeAll(async () => {
    await insertBulkCards(db(), { organizationId: account.organizationId, providerAccountId: account.id, status: "active", mark: () => ({}) });
    // Cards handed round as a team's pool cards are: every card given to Eli (its holding from -infinity), then held a
    // month at a time by Emma and Eli in turn since July 2025, before the page's rows were spent. With a holding or two
    // per card, a walk of the key down to the first and a sort of the card's few holdings cost the same and the
    // planner's pick is a coin toss. The history is written straight in; the triggers write the rest.
    await db().execute(sql`update cards set owner_user_id = ${eli.id}, team_id = ${operations} where provider_card_id like 'bulk-%'`);
    await db().execute(sql`
      insert into card_holdings (card_id, owner_user_id, team_id, valid_from)
      select cards.id, case when month % 2 = 0 then ${emma.id}::uuid else ${eli.id}::uuid end, case when month % 2 = 0 then ${marketing}::uuid else ${operations}::uuid end,
        timestamptz '2025-07-01' + month * interval '1 month'
      from cards cross join generate_series(0, 5) as month
      where cards.provider_card_id like 'bulk-%'`);
    // Every tenth card handed on twice more today; a few thousand rows waiting for their cards.
    await db().execute(sql`update cards set owner_user_id = ${emma.id}, team_id = ${marketing} where provider_card_id like 'bulk-%0'`);
    await db().execute(sql`update cards set owner_user_id = ${eli.id}, team_id = ${operations} where provider_card_id like 'bulk-%0'`);
    await db().execute(sql`
      insert into transactions (organization_id, provider_account_id, provider_transaction_id, provider_card_id, type, status, amount, currency, occurred_at)
      select ${account.organizationId}::uuid, ${account.id}::uuid, 'unlinked-' || n, 'bulk-' || (n % 5000), 'purchase', 'settled', 100, 'USD',
        timestamptz '2026-01-01' + n * interval '1 minute'
      from generate_series(1, 3000) as n`);
    // Vacuumed as well as analysed, every table the statements read, so the plans do not hang on whether autovacuum reached them yet.
    await db().execute(sql`vacuum analyze card_holdings, cards, transactions`);
  });

  it("a page's cards read their holdings through card_holdings_pk, one descent per row", async () => {
    const rows = Array.from({ length: 100 }, (_, n) => ({ providerCardId: `bulk-${n * 37}`, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, n)) }));
    expect(await holdingReads(cardLinksStatement(account.id, rows))).toEqual(["Index Scan Backward card_holdings_pk"]);
  });

  it("linking the rows waiting for their cards does too", async () => {
    expect(await holdingReads(linkUnlinkedStatement(account.id))).toEqual(["Index Scan Backward card_holdings_pk"]);
  });
});
