import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { insertCard } from "@/db/queries/card-updates";
import { filterAccountsQuery, listFilterAccounts } from "@/db/queries/filter-accounts";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import type { SessionUser } from "@/lib/auth/session-user";
import type { ProviderName } from "@/lib/providers/types";
import { insertBulkCards } from "@/test/bulk-cards";
import { activeCardOf } from "@/test/card-fixtures";
import { ledgerRow } from "@/test/rollup-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
const account: Partial<Record<ProviderName, string>> = {};
let eli: SessionUser;
let emma: SessionUser;
let mia: SessionUser;

const providersOf = (rows: { provider: ProviderName }[]) => rows.map((row) => row.provider);
const heldBy = (user: SessionUser, throughTransactions: boolean) =>
  listFilterAccounts(db(), { organizationId: user.organizationId, holder: { userId: user.id, throughTransactions } });

beforeAll(async () => {
  await seedOfflineDemo(db());
  for (const row of await listProviderAccounts(db())) account[row.provider] = row.id;
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
  mia = await sessionUserFor(db(), "manager2@demo.test");
  // Eli: an active card with Card OPEN-API, a cancelled one with NobePay (still in his cards list), and a purchase he
  // made with a Cardepass card that is Emma's now.
  await activeCardOf(db(), { user: eli, providerAccountId: account.cardopenapi! });
  await insertCard(db(), { organizationId: eli.organizationId, providerAccountId: account.nobepay!, cardModel: "prepaid", ownerUserId: eli.id, teamId: null, alias: "Old travel", currency: "USD", status: "cancelled", balance: 0n });
  const handedOn = await activeCardOf(db(), { user: emma, providerAccountId: account.cardepass! });
  await db()
    .insert(transactions)
    .values(ledgerRow({ organizationId: eli.organizationId, providerAccountId: account.cardepass! }, "filter-accounts-1", { status: "settled", amount: 1_250n, occurredAt: new Date("2026-11-02T10:00:00Z"), cardId: handedOn, ownerUserId: eli.id }));
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "nobepay", label: "Another company's", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", webhookSecretDigest: crypto.randomUUID() });
});

describe("the provider accounts a filter bar offers", () => {
  it("are every account of the organisation, by label, for whoever sees others' cards, and none of another organisation's", async () => {
    const all = await listFilterAccounts(db(), { organizationId: eli.organizationId });
    expect(all.map((row) => row.label)).toEqual(["Card OPEN-API sandbox", "Cardepass sandbox", "NobePay sandbox"]);
    expect(providersOf(all)).toEqual(["cardopenapi", "cardepass", "nobepay"]);
  });

  it("are, for the cards list of someone who sees only their own, the accounts of their cards, cancelled ones too", async () => {
    expect(providersOf(await heldBy(eli, false))).toEqual(["cardopenapi", "nobepay"]);
    expect(providersOf(await heldBy(emma, false))).toEqual(["cardepass"]);
  });

  it("add, for their transactions, an account they made a purchase on with a card handed on since", async () => {
    expect(providersOf(await heldBy(eli, true))).toEqual(["cardopenapi", "cardepass", "nobepay"]);
    // Emma holds the card now, but the purchase is Eli's: it adds nothing of hers.
    expect(providersOf(await heldBy(emma, true))).toEqual(["cardepass"]);
  });

  it("are none for a person with no card and no purchase", async () => {
    expect(await heldBy(mia, true)).toEqual([]);
    expect(await heldBy(mia, false)).toEqual([]);
  });

  it("are read for a holder through their own rows' indexes, never a scan of the company's cards or transactions", async () => {
    await insertBulkCards(db(), { organizationId: eli.organizationId, providerAccountId: account.nobepay!, status: "active", mark: () => ({}) });
    await db().execute(sql`insert into transactions (organization_id, provider_account_id, provider_transaction_id, card_id, owner_user_id,
        type, status, status_rank, direction, amount, currency, merchant_name, occurred_at)
      select ${emma.organizationId}::uuid, ${account.nobepay!}::uuid, 'bulk-' || n, null, ${emma.id}::uuid,
        'purchase', 'settled', 2, 'debit', n, 'USD', 'Bulk', timestamptz '2026-01-01' + n * interval '1 minute'
      from generate_series(1, 20000) as n`);
    await db().execute(sql`vacuum analyze cards, transactions, provider_accounts`);
    const query = filterAccountsQuery(db(), { organizationId: eli.organizationId, holder: { userId: eli.id, throughTransactions: true } }).toSQL();
    const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${query.sql}`, query.params as unknown[]);
    const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
    const reads = nodes.filter((node) => node["Relation Name"] === "cards" || node["Relation Name"] === "transactions");
    expect(reads.map((node) => node["Relation Name"]).sort(), query.sql).toEqual(["cards", "transactions"]);
    for (const node of reads) {
      expect(node["Node Type"], query.sql).toMatch(/^(Index|Index Only|Bitmap Heap|Bitmap Index) Scan$/);
    }
    // Any index that leads with the owner: the probe reads the holder's rows, whichever of those the planner picks.
    const indexes = nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : []));
    expect(indexes.filter((name) => name.startsWith("cards_")), query.sql).toEqual([expect.stringMatching(/^cards_owner_/)]);
    expect(indexes.filter((name) => name.startsWith("transactions_")), query.sql).toEqual([expect.stringMatching(/^transactions_owner_/)]);
    expect(providersOf(await heldBy(eli, true))).toEqual(["cardopenapi", "cardepass", "nobepay"]);
  });
});
