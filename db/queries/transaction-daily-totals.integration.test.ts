import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rebuildDailyTotals, servedByDailyTotals, totalsFromDailyTotals } from "@/db/queries/transaction-daily-totals";
import { linkUnlinkedTransactions, upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { transactionTotals, transactionTotalsFromRows, updateTransactionMemo, type TransactionScope } from "@/db/queries/transactions";
import { cards } from "@/db/schema/cards";
import { transactionDailyTotals } from "@/db/schema/transaction-daily-totals";
import { LEDGER_STATUSES, transactions, type LedgerDirection, type LedgerStatus } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { visibilityFor } from "@/lib/auth/permissions";
import { STATUS_RANK } from "@/lib/transactions/ledger-row";
import { withTestDatabase } from "@/test/database";
import { ledgerRow, rollupAccounts, rollupFilterSets, type RollupAccount } from "@/test/rollup-fixtures";
import { sessionUserFor } from "@/test/session-user";

/**
 * The daily totals rollup against the raw sums it stands for: written through the real ingestion path (upserts that
 * insert, move a status forward, change an amount, pull occurred_at back across midnight, link a card), bulk inserts,
 * memo edits, deletes and a rolled-back write, then compared with transactionTotalsFromRows for every filter the rollup
 * serves. Any drift between the trigger's rules and the query's shows up as an inequality here.
 */
const database = withTestDatabase();
const db = () => database.db();
let organizationId: string;
let accounts: RollupAccount[];
const all = { all: true } as const;

const row = (key: string, values: Parameters<typeof ledgerRow>[2]) => ledgerRow({ organizationId, providerAccountId: accounts[0]!.id }, key, values);

const scopes = () => rollupFilterSets(accounts);

async function expectRollupEqualsRows(): Promise<void> {
  for (const filters of scopes()) {
    const scope: TransactionScope = { organizationId, visibility: all, filters };
    expect(servedByDailyTotals(scope)).toBe(true);
    const rolled = await totalsFromDailyTotals(db(), scope);
    const raw = await transactionTotalsFromRows(db(), scope);
    expect({ filters, totals: rolled }).toEqual({ filters, totals: raw });
  }
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const finance = await sessionUserFor(db(), "finance@demo.test");
  organizationId = finance.organizationId;
  accounts = await rollupAccounts(db(), organizationId);
  expect(accounts.length).toBeGreaterThanOrEqual(2);
});

describe("transaction daily totals", () => {
  it("match the raw sums after ingestion of every status, direction and type, at day boundaries", async () => {
    const kinds: { status: LedgerStatus; direction: LedgerDirection; type: string }[] = [];
    for (const status of LEDGER_STATUSES)
      for (const direction of ["debit", "credit"] as const)
        for (const type of ["purchase", "refund", "reversal", "fee"]) kinds.push({ status, direction, type });
    const times = ["2026-03-01T00:00:00.000Z", "2026-03-01T23:59:59.999Z", "2026-03-02T00:00:00.000Z", "2026-03-03T12:00:00.000Z"];
    let n = 0;
    for (const kind of kinds) {
      n += 1;
      await upsertLedgerRow(
        db(),
        row(`k${n}`, {
          ...kind,
          amount: BigInt(100 * n + 7),
          currency: n % 5 === 0 ? "JPY" : "USD",
          occurredAt: new Date(times[n % times.length]!),
          providerAccountId: accounts[n % 2]!.id,
        }),
      );
    }
    const [{ count }] = (await db().execute<{ count: string }>(sql`select count(*) from ${transactionDailyTotals}`)).rows as [{ count: string }];
    expect(Number(count)).toBeGreaterThan(10);
    await expectRollupEqualsRows();
  });

  it("follow a row as a later report moves its status, amount, day and card", async () => {
    const first = row("moving", { status: "authorised", amount: 5000n, occurredAt: new Date("2026-03-02T00:30:00Z"), providerCardId: "late-card" });
    await upsertLedgerRow(db(), first);
    // Settles for a different amount, and reports an earlier time: the row moves to the previous day.
    await upsertLedgerRow(db(), { ...first, status: "settled", statusRank: STATUS_RANK.settled, amount: 4800n, occurredAt: new Date("2026-03-01T23:50:00Z") });
    // A duplicate, late delivery of the authorisation changes nothing.
    await upsertLedgerRow(db(), first);
    // Becomes a refund.
    await upsertLedgerRow(db(), { ...first, status: "refunded", statusRank: STATUS_RANK.refunded, amount: 4800n, providerUpdatedAt: new Date("2026-03-05T00:00:00Z") });
    const [moved] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "moving"));
    expect(moved!.status).toBe("refunded");
    // The card appears: linking updates the row (owner and team), which is not a totals key.
    const employee = await sessionUserFor(db(), "employee@demo.test");
    await db()
      .insert(cards)
      .values({ organizationId, providerAccountId: accounts[0]!.id, providerCardId: "late-card", cardModel: "prepaid", alias: "Late card", currency: "USD", ownerUserId: employee.id, teamId: employee.teamIds[0] ?? null });
    expect(await linkUnlinkedTransactions(db(), { providerAccountId: accounts[0]!.id })).toBeGreaterThan(0);
    await updateTransactionMemo(db(), { id: moved!.id, memo: "Client dinner" });
    await expectRollupEqualsRows();
  });

  it("match after a bulk insert, a bulk update, a delete, and leave no trace of a rolled-back write", async () => {
    await db().execute(sql`
      insert into transactions (organization_id, provider_account_id, provider_transaction_id, type, direction, status, amount, currency, occurred_at)
      select ${organizationId}::uuid, ${accounts[0]!.id}::uuid, 'bulk-' || g, case when g % 3 = 0 then 'refund' else 'purchase' end,
        case when g % 3 = 0 then 'credit' else 'debit' end, case when g % 4 = 0 then 'declined' else 'settled' end, g * 11, 'USD',
        timestamptz '2026-03-01 00:00:00+00' + make_interval(mins => g * 7)
      from generate_series(1, 500) g`);
    await db().execute(sql`update transactions set status = 'reversed' where provider_transaction_id like 'bulk-%' and amount % 2 = 0 and status = 'settled'`);
    await db().execute(sql`delete from transactions where provider_transaction_id like 'bulk-%' and amount % 5 = 0`);
    await expectRollupEqualsRows();

    const before = await totalsFromDailyTotals(db(), { organizationId, visibility: all, filters: {} });
    await expect(
      db().transaction(async (tx) => {
        await upsertLedgerRow(tx, row("rolled-back", { status: "settled", amount: 999_999n, occurredAt: new Date("2026-03-02T10:00:00Z") }));
        throw new Error("crash after ingestion");
      }),
    ).rejects.toThrow("crash after ingestion");
    expect(await totalsFromDailyTotals(db(), { organizationId, visibility: all, filters: {} })).toEqual(before);
    await expectRollupEqualsRows();
  });

  it("are what a rebuild from the rows computes, and answer transactionTotals for the whole organisation only", async () => {
    const snapshot = async () =>
      (await db().execute(sql`select organization_id, day, currency, status, provider_account_id, spent::text, refunded::text, count::text
        from ${transactionDailyTotals} where count <> 0 or spent <> 0 or refunded <> 0 order by 1, 2, 3, 4, 5`)).rows;
    const maintained = await snapshot();
    await rebuildDailyTotals(db(), organizationId);
    expect(await snapshot()).toEqual(maintained);

    const manager = await sessionUserFor(db(), "manager@demo.test");
    const managerScope: TransactionScope = { organizationId, visibility: visibilityFor(manager, "transaction.view")!, filters: {} };
    expect(servedByDailyTotals(managerScope)).toBe(false);
    expect(servedByDailyTotals({ organizationId, visibility: all, filters: { q: "Merchant" } })).toBe(false);
    expect(servedByDailyTotals({ organizationId, visibility: all, filters: { min: "1.00" } })).toBe(false);
    const whole: TransactionScope = { organizationId, visibility: all, filters: { from: "2026-03-01" } };
    expect(await transactionTotals(db(), whole)).toEqual(await transactionTotalsFromRows(db(), whole));
  });
});
