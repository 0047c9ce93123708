import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import type { Transaction } from "@/lib/providers/types";
import { toLedgerRow } from "./ledger-row";

const database = withTestDatabase();
const db = () => database.db();
const MIGRATION = readFileSync(path.join(process.cwd(), "db/migrations/0042_provider_times_in_the_future.sql"), "utf8");
let account = { providerAccountId: "", organizationId: "" };

beforeAll(async () => {
  await seedOfflineDemo(db());
  const nobepay = (await listProviderAccounts(db())).find((item) => item.provider === "nobepay")!;
  account = { providerAccountId: nobepay.id, organizationId: nobepay.organizationId };
});

const report = (id: string, status: "COMPLETE" | "REVERSED"): Transaction => ({
  provider: "nobepay",
  providerTransactionId: id,
  providerCardId: "c_1",
  kind: "purchase" as const,
  providerType: null,
  providerStatus: status,
  status: status === "COMPLETE" ? ("completed" as const) : ("reversed" as const),
  amount: { amount: -700n, currency: "USD" },
  authAmount: null,
  originalAmount: null,
  merchantName: "OPENAI",
  merchantCountry: null,
  description: null,
  authCode: null,
  failureReason: null,
  authorizedAt: new Date("2026-11-30T10:00:00Z"),
  settledAt: null,
  occurredAt: new Date("2026-11-30T10:00:00Z"),
});

it("migration 0042 clears a provider time stored from the future, so the next read of the list orders the row again", async () => {
  // A reversal forged before the rule, dated in the year 3000, beside a row whose time is plausible.
  const forged = { ...toLedgerRow(report("t_forged", "REVERSED"), new Date(), "webhook"), providerUpdatedAt: new Date("3000-01-01T00:00:00Z") };
  const plausible = toLedgerRow(report("t_plausible", "COMPLETE"), new Date("2026-11-30T10:05:00Z"), "list");
  for (const row of [forged, plausible]) await upsertLedgerRow(db(), { ...row, ...account, cardId: null, ownerUserId: null, teamId: null });
  // Before the migration the list's later read loses to the forged time.
  await upsertLedgerRow(db(), { ...toLedgerRow(report("t_forged", "COMPLETE"), new Date(), "list"), ...account, cardId: null, ownerUserId: null, teamId: null });
  const [before] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "t_forged"));
  expect(before).toMatchObject({ status: "reversed" });

  await db().execute(sql.raw(MIGRATION));

  const [cleared] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "t_forged"));
  expect(cleared!.providerUpdatedAt).toBeNull();
  const [kept] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "t_plausible"));
  expect(kept!.providerUpdatedAt).toEqual(new Date("2026-11-30T10:05:00Z"));
  await upsertLedgerRow(db(), { ...toLedgerRow(report("t_forged", "COMPLETE"), new Date(), "list"), ...account, cardId: null, ownerUserId: null, teamId: null });
  const [after] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "t_forged"));
  expect(after).toMatchObject({ status: "settled", amount: 700n });
});
