import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { listCardCurrencies } from "@/db/queries/cards";
import { holderTransactionCurrenciesQuery, listHolderTransactionCurrencies } from "@/db/queries/holder-currencies";
import { transactions } from "@/db/schema/transactions";
import type { SessionUser } from "@/lib/auth/session-user";
import { insertBulkCards } from "@/test/bulk-cards";
import { activeCardOf } from "@/test/card-fixtures";
import { ledgerRow } from "@/test/rollup-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let eli: SessionUser;
let emma: SessionUser;
let mia: SessionUser;

const currenciesOf = (user: SessionUser) => listHolderTransactionCurrencies(db(), { organizationId: user.organizationId, userId: user.id });

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
  mia = await sessionUserFor(db(), "manager2@demo.test");
  // Eli holds a USD card and once paid with a GBP card that is Emma's now; Emma holds that one and a EUR card; a
  // finance card is in CHF.
  await activeCardOf(db(), { user: eli, providerAccountId: accountId, currency: "USD" });
  await activeCardOf(db(), { user: emma, providerAccountId: accountId, currency: "EUR" });
  const handedOn = await activeCardOf(db(), { user: emma, providerAccountId: accountId, currency: "GBP" });
  await activeCardOf(db(), { user: await sessionUserFor(db(), "finance@demo.test"), providerAccountId: accountId, currency: "CHF" });
  await db()
    .insert(transactions)
    .values(ledgerRow({ organizationId: eli.organizationId, providerAccountId: accountId }, "holder-currencies-1", { status: "settled", amount: 1_250n, occurredAt: new Date("2026-11-02T10:00:00Z"), cardId: handedOn, ownerUserId: eli.id, currency: "GBP" }));
});

describe("the currencies a person who sees only their own transactions is offered", () => {
  it("are those of their cards and of their purchases, among the organisation's", async () => {
    expect(await listCardCurrencies(db(), { organizationId: eli.organizationId })).toEqual(["CHF", "EUR", "GBP", "USD"]);
    expect(await currenciesOf(eli)).toEqual(["GBP", "USD"]);
    // The GBP purchase is Eli's; Emma holds the card now.
    expect(await currenciesOf(emma)).toEqual(["EUR", "GBP"]);
    expect(await currenciesOf(mia)).toEqual([]);
  });

  it("are read through the holder's own rows' indexes, never a scan of the company's cards or transactions", async () => {
    await insertBulkCards(db(), { organizationId: eli.organizationId, providerAccountId: accountId, status: "active", mark: () => ({}) });
    await db().execute(sql`insert into transactions (organization_id, provider_account_id, provider_transaction_id, card_id, owner_user_id,
        type, status, status_rank, direction, amount, currency, merchant_name, occurred_at)
      select ${emma.organizationId}::uuid, ${accountId}::uuid, 'bulk-' || n, null, ${emma.id}::uuid,
        'purchase', 'settled', 2, 'debit', n, 'EUR', 'Bulk', timestamptz '2026-01-01' + n * interval '1 minute'
      from generate_series(1, 20000) as n`);
    await db().execute(sql`vacuum analyze cards, transactions, card_currencies`);
    const query = holderTransactionCurrenciesQuery(db(), { organizationId: eli.organizationId, userId: eli.id }).toSQL();
    const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${query.sql}`, query.params as unknown[]);
    const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
    const reads = nodes.filter((node) => node["Relation Name"] === "cards" || node["Relation Name"] === "transactions");
    expect(reads.map((node) => node["Relation Name"]).sort(), query.sql).toEqual(["cards", "transactions"]);
    for (const node of reads) expect(node["Node Type"], query.sql).toMatch(/^(Index|Index Only|Bitmap Heap|Bitmap Index) Scan$/);
    // Any index that leads with the owner: the probe reads the holder's rows, whichever of those the planner picks.
    const indexes = nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : []));
    expect(indexes.filter((name) => name.startsWith("cards_")), query.sql).toEqual([expect.stringMatching(/^cards_owner_/)]);
    expect(indexes.filter((name) => name.startsWith("transactions_")), query.sql).toEqual([expect.stringMatching(/^transactions_owner_/)]);
    expect(await currenciesOf(eli)).toEqual(["GBP", "USD"]);
  });
});
