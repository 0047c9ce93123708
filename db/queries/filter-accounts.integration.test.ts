import { beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { filterAccountsQuery, listFilterAccounts } from "@/db/queries/filter-accounts";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import type { SessionUser } from "@/lib/auth/session-user";
import type { ProviderName } from "@/lib/providers/types";
import { activeCardOf } from "@/test/card-fixtures";
import { ledgerRow } from "@/test/rollup-fixtures";
import { withTestDatabase } from "@/test/database";
import { expectOwnerLedProbes, insertOthersCardsAndPurchases } from "@/test/holder-probes-plan";
import { seedOfflineDemo } from "@/test/offline-demo";
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
    await insertOthersCardsAndPurchases(db(), { organizationId: eli.organizationId, providerAccountId: account.nobepay!, purchaserId: emma.id, currency: "USD" });
    const query = filterAccountsQuery(db(), { organizationId: eli.organizationId, holder: { userId: eli.id, throughTransactions: true } }).toSQL();
    await expectOwnerLedProbes({ sql: query.sql, params: query.params as unknown[] });
    expect(providersOf(await heldBy(eli, true))).toEqual(["cardopenapi", "cardepass", "nobepay"]);
  });
});
