import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { upsertStatements } from "@/db/queries/statements";
import { providerStatements } from "@/db/schema/provider-statements";
import { toCardOrderPage } from "@/lib/providers/nobepay/transform-ledger";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { toStatementRow } from "./sync-statements";

const database = withTestDatabase();
const db = () => database.db();
const MIGRATION = readFileSync(path.join(process.cwd(), "db/migrations/0038_nobepay_card_history_ids.sql"), "utf8");
let nobepay = "";
let cardepass = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  const accounts = await listProviderAccounts(db());
  nobepay = accounts.find((account) => account.provider === "nobepay")!.id;
  cardepass = accounts.find((account) => account.provider === "cardepass")!.id;
});

const line = (providerAccountId: string, providerLogId: string, amount: bigint) => ({
  providerAccountId,
  source: "card" as const,
  providerLogId,
  type: "TOPUP_CARD",
  currency: "USD",
  amount,
  occurredAt: new Date("2022-03-07T09:44:36Z"),
});

it("migration 0038 renames stored NobePay card-history lines to the adapter's card:type:time:amount, so the next sync updates them", async () => {
  await db().insert(providerStatements).values([line(nobepay, "c_1:TOPUP_CARD:1646646276000", 1500n), line(nobepay, "c_1:WITHDRAW_CARD:1646646276000", -900n), line(cardepass, "log-1", 700n)]);

  await db().execute(sql.raw(MIGRATION));

  const stored = await db().select({ id: providerStatements.providerLogId }).from(providerStatements);
  expect(stored.map((row) => row.id).sort()).toEqual(["c_1:TOPUP_CARD:1646646276000:1500", "c_1:WITHDRAW_CARD:1646646276000:900", "log-1"]);
  // The next read of the same history names its lines the same way: they are updated, not stored a second time.
  const page = toCardOrderPage({ data: [{ cardId: "c_1", type: "TOPUP_CARD", typeText: "充值", desp: "Top up card", amount: 1500, tradeAt: 1646646276000 }], pageNo: 1, pageSize: 1, total: 1 });
  await upsertStatements(db(), page.items.map((log) => toStatementRow(log, { providerAccountId: nobepay, source: "card", cardId: null, at: new Date() })));
  expect(await db().$count(providerStatements)).toBe(3);
});
