import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { upsertStatements, type NewStatement } from "@/db/queries/statements";
import { providerStatements } from "@/db/schema/provider-statements";
import { toAccountLogPage } from "@/lib/providers/cardepass/transform-ledger";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { toStatementRow } from "./sync-statements";

const database = withTestDatabase();
const db = () => database.db();
const MIGRATION = readFileSync(path.join(process.cwd(), "db/migrations/0043_card_statement_by_source.sql"), "utf8");
const fixture = JSON.parse(readFileSync(path.join(process.cwd(), "lib/providers/cardepass/fixtures/v1-card-account-logs.json"), "utf8")) as { body: { data: unknown } };
const at = new Date("2026-11-30T10:00:00Z");
let cardepass = "";
let nobepay = "";
let cardId = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  const accounts = await listProviderAccounts(db());
  cardepass = accounts.find((account) => account.provider === "cardepass")!.id;
  nobepay = accounts.find((account) => account.provider === "nobepay")!.id;
  const card = await insertCard(db(), { organizationId: accounts[0]!.organizationId, providerAccountId: cardepass, providerCardId: "6805b2caa94783c5566f9397", cardModel: "standard", alias: "Doc card", currency: "USD", status: "active" });
  cardId = card.id;
});

const amounts = async (accountId: string) =>
  (await db().select().from(providerStatements).where(eq(providerStatements.providerAccountId, accountId)).orderBy(providerStatements.providerLogId)).map((row) => [row.source, row.type, row.amount, row.total]);

it("migration 0043 signs the Cardepass card-ledger lines stored before for the card's balance, as the adapter now does", async () => {
  // The document's four card lines as earlier versions stored them: the provider's signs (BalanceRefund, a withdrawal, +1).
  const current = toAccountLogPage(fixture.body.data, { offset: 0, limit: 20 }).items.map((log) => toStatementRow(log, { providerAccountId: cardepass, source: "card", cardId, at }));
  const asProviderSigned: Record<string, [bigint, bigint]> = { CardCancel: [-390n, -380n], BalanceRefund: [100n, 110n], CardTopUp: [200n, 210n], ApplyCard: [300n, 320n] };
  const stored: NewStatement[] = current.map((row) => ({ ...row, amount: asProviderSigned[row.type]![0], total: asProviderSigned[row.type]![1] }));
  const untouched = (n: number, over: Partial<NewStatement>): NewStatement => ({ ...current[0]!, providerLogId: `other-${n}`, fee: null, feeCurrency: null, feeItems: [], total: null, totalCurrency: null, ...over });
  stored.push(
    // A funding-account line of Cardepass keeps its sign ("transAmount … 分正负号").
    untouched(1, { source: "account", type: "CardWithdraw", direction: "in", amount: 100n }),
    // A card-ledger type the document does not show keeps the provider's sign.
    untouched(2, { type: "SomethingNew", amount: 50n }),
    // NobePay's card lines were always signed for the card.
    untouched(3, { providerAccountId: nobepay, type: "WITHDRAW_CARD", amount: -900n }),
  );
  await upsertStatements(db(), stored);
  expect((await amounts(cardepass)).find((row) => row[1] === "BalanceRefund")).toEqual(["card", "BalanceRefund", 100n, 110n]);

  await db().execute(sql.raw(MIGRATION));

  expect(await amounts(cardepass)).toEqual([
    ["card", "ApplyCard", 300n, 320n],
    ["card", "CardTopUp", 200n, 210n],
    ["card", "BalanceRefund", -100n, -110n],
    ["card", "CardCancel", -390n, -380n],
    ["account", "CardWithdraw", 100n, null],
    ["card", "SomethingNew", 50n, null],
  ]);
  expect(await amounts(nobepay)).toEqual([["card", "WITHDRAW_CARD", -900n, null]]);
  // What the migration leaves is what a read of the same lines stores now: a later sync rewrites nothing.
  for (const row of current) expect((await amounts(cardepass)).find((stored) => stored[1] === row.type)).toEqual(["card", row.type, row.amount, row.total]);
});
