import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listCards, listVisibleCardCurrencies, visibleCardCurrenciesQuery } from "@/db/queries/cards";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { CARD_PAGE_SIZE, parseCardSearch, rankBalancesInOneCurrency } from "@/lib/cards/list-search";
import { insertBulkCards } from "@/test/bulk-cards";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let eli: SessionUser;
let omar: SessionUser;
let mia: SessionUser;
let finance: SessionUser;

const visibilityOf = (user: SessionUser) => visibilityFor(user, "card.view")!;
const currenciesOf = (user: SessionUser) => listVisibleCardCurrencies(db(), { organizationId: user.organizationId, visibility: visibilityOf(user) });

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  eli = await sessionUserFor(db(), "employee@demo.test");
  omar = await sessionUserFor(db(), "manager@demo.test");
  mia = await sessionUserFor(db(), "manager2@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
  const emma = await sessionUserFor(db(), "employee2@demo.test");
  const marketing = mia.managedTeamIds[0]!;
  // Eli (Operations) holds two USD cards; the rest of the company's cards are in currencies he holds none in.
  await activeCardOf(db(), { user: eli, providerAccountId: accountId, currency: "USD" });
  await activeCardOf(db(), { user: eli, providerAccountId: accountId, currency: "USD" });
  await activeCardOf(db(), { user: emma, providerAccountId: accountId, currency: "EUR" });
  await insertCard(db(), { organizationId: eli.organizationId, providerAccountId: accountId, cardModel: "prepaid", ownerUserId: null, teamId: marketing, alias: "Marketing pool", currency: "GBP", status: "active", balance: 700n });
  await insertCard(db(), { organizationId: eli.organizationId, providerAccountId: accountId, cardModel: "prepaid", ownerUserId: finance.id, teamId: null, alias: "Finance travel", currency: "CHF", status: "active", balance: 900n });
});

describe("the card currencies a viewer is offered", () => {
  it("are those of the cards the viewer may see, for a cardholder and for managers", async () => {
    expect(await currenciesOf(eli)).toEqual(["USD"]);
    expect(await currenciesOf(omar)).toEqual(["USD"]);
    expect(await currenciesOf(mia)).toEqual(["EUR", "GBP"]);
  });

  it("are the organisation's stored list for a viewer who sees every card", async () => {
    expect(await currenciesOf(finance)).toEqual(["CHF", "EUR", "GBP", "USD"]);
  });

  it("let a cardholder's balance sort rank their own cards", async () => {
    const { search, choseCurrency } = rankBalancesInOneCurrency(parseCardSearch({ sort: "balance", dir: "desc" }), await currenciesOf(eli));
    const page = await listCards(db(), { organizationId: eli.organizationId, visibility: visibilityOf(eli), filters: search.filters, sort: search.sort, limit: CARD_PAGE_SIZE });
    expect(search.filters.currency).toBe("USD");
    // His only currency: nothing was chosen for him among several.
    expect(choseCurrency).toBeNull();
    expect(page.rows.map((row) => row.ownerUserId)).toEqual([eli.id, eli.id]);
  });

  it("let a manager's balance sort rank a currency of their teams' cards", async () => {
    const { search, choseCurrency } = rankBalancesInOneCurrency(parseCardSearch({ sort: "balance", dir: "desc" }), await currenciesOf(mia));
    const page = await listCards(db(), { organizationId: mia.organizationId, visibility: visibilityOf(mia), filters: search.filters, sort: search.sort, limit: CARD_PAGE_SIZE });
    expect(choseCurrency).toBe("EUR");
    expect(page.rows.map((row) => row.currency)).toEqual(["EUR"]);
  });

  it("are read by index probes per stored currency, never a scan of the organisation's cards", async () => {
    // 5000 company cards in USD that neither Eli nor Mia may see.
    await insertBulkCards(db(), { organizationId: eli.organizationId, providerAccountId: accountId, status: "active", mark: () => ({}) });
    // And scopes with cards of their own, as a person running campaigns and a team's pool hold: 50 more of Eli's in USD
    // and 50 of Marketing's in EUR, the currencies they already hold. (With a card or two per scope, a probe of the
    // currency index and a read of the scope's few cards cost the same and the planner's pick is a coin toss.)
    await db().execute(sql`insert into cards (organization_id, provider_account_id, card_model, owner_user_id, team_id, alias, currency, status, balance)
      select ${eli.organizationId}::uuid, ${accountId}::uuid, 'prepaid', ${eli.id}::uuid, ${eli.teamIds[0]!}::uuid, 'Campaign ' || n, 'USD', 'active', n * 100
      from generate_series(1, 50) as n`);
    await db().execute(sql`insert into cards (organization_id, provider_account_id, card_model, owner_user_id, team_id, alias, currency, status, balance)
      select ${eli.organizationId}::uuid, ${accountId}::uuid, 'prepaid', null, ${mia.managedTeamIds[0]!}::uuid, 'Marketing pool ' || n, 'EUR', 'active', n * 100
      from generate_series(1, 50) as n`);
    // Vacuumed as well as analysed, every table the query reads, so the plan does not hang on whether autovacuum reached them yet.
    await db().execute(sql`vacuum analyze cards, card_currencies`);
    for (const user of [eli, mia]) {
      const visibility = visibilityOf(user);
      if (visibility.all) throw new Error("a scoped viewer was expected");
      const plan = await db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${visibleCardCurrenciesQuery({ organizationId: user.organizationId, visibility })}`);
      const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
      const cardReads = nodes.filter((node) => node["Relation Name"] === "cards");
      expect(cardReads.length).toBeGreaterThan(0);
      for (const node of cardReads) {
        expect(node["Node Type"]).toMatch(/^Index (Only )?Scan$/);
        expect(node["Index Name"]).toMatch(/^cards_(owner|team)_balance_idx$/);
        // One probe per stored currency, not one read of every card in the viewer's scope.
        expect(node["Index Cond"]).toContain("currency = card_currencies.currency");
      }
    }
    expect(await currenciesOf(eli)).toEqual(["USD"]);
    expect(await currenciesOf(mia)).toEqual(["EUR", "GBP"]);
  });
});
