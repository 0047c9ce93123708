import { beforeAll, describe, expect, it } from "vitest";
import { listCardCurrencies } from "@/db/queries/cards";
import { holderTransactionCurrenciesQuery, listHolderTransactionCurrencies } from "@/db/queries/holder-currencies";
import { transactions } from "@/db/schema/transactions";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { ledgerRow } from "@/test/rollup-fixtures";
import { withTestDatabase } from "@/test/database";
import { expectOwnerLedProbes, insertOthersCardsAndPurchases } from "@/test/holder-probes-plan";
import { seedOfflineDemo } from "@/test/offline-demo";
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
    await insertOthersCardsAndPurchases(db(), { organizationId: eli.organizationId, providerAccountId: accountId, purchaserId: emma.id, currency: "EUR" });
    const query = holderTransactionCurrenciesQuery(db(), { organizationId: eli.organizationId, userId: eli.id }).toSQL();
    await expectOwnerLedProbes({ sql: query.sql, params: query.params as unknown[] });
    expect(await currenciesOf(eli)).toEqual(["GBP", "USD"]);
  });
});
