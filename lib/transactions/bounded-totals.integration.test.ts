import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { transactionTotalsFromRows, type TransactionScope } from "@/db/queries/transactions";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { visibilityFor } from "@/lib/auth/permissions";
import { boundedTransactionTotals } from "./bounded-totals";

const database = withTestDatabase();
const db = () => database.db();
const ROWS = 40_000;
let organizationId: string;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [org] = await db().select({ id: organizations.id }).from(organizations).limit(1);
  organizationId = org!.id;
  const [account] = await db().select({ id: providerAccounts.id }).from(providerAccounts).where(eq(providerAccounts.organizationId, organizationId)).limit(1);
  // Every merchant name contains "Shop": a merchant text that matches every row, the broad search of a real ledger.
  await db().execute(sql`
    insert into transactions (organization_id, provider_account_id, provider_transaction_id, type, direction, status, amount, currency,
      merchant_name, occurred_at)
    select ${organizationId}::uuid, ${account!.id}::uuid, 'bounded-' || g, 'purchase', 'debit',
      case when g % 10 = 0 then 'declined' else 'settled' end, 100 + g % 5000, case when g % 3 = 0 then 'EUR' else 'USD' end,
      'Shop ' || g, now() - make_interval(secs => g)
    from generate_series(1, ${ROWS}) g`);
}, 120_000);

const broad = (): TransactionScope => ({ organizationId, visibility: { all: true }, filters: { q: "Shop" } });

describe("transaction totals with a time limit", () => {
  it("gives the same totals as the plain sum when they finish in time", async () => {
    const bounded = await boundedTransactionTotals(db(), broad(), 60_000);
    expect(bounded.tooBroad).toBe(false);
    expect(bounded.totals).toEqual(await transactionTotalsFromRows(db(), broad()));
    expect(bounded.totals!.reduce((sum, total) => sum + total.count, 0)).toBe(ROWS);
  });

  it("says too broad, instead of scanning on, when the sum outlasts its limit", async () => {
    // Summing 40,000 rows takes far longer than a millisecond on any machine, loaded or not.
    expect(await boundedTransactionTotals(db(), broad(), 1)).toEqual({ totals: null, tooBroad: true });
  });

  it("leaves no time limit behind on the connection it used", async () => {
    const single = createDb(database.url(), 1);
    try {
      expect((await boundedTransactionTotals(single.db, broad(), 1)).tooBroad).toBe(true);
      const shown = await single.db.execute<{ statement_timeout: string }>(sql`show statement_timeout`);
      expect(shown.rows[0]!.statement_timeout).toBe("0");
    } finally {
      await single.pool.end();
    }
  });

  it("never cuts short the whole organisation's totals, which the daily rollup answers", async () => {
    const whole = await boundedTransactionTotals(db(), { organizationId, visibility: { all: true }, filters: {} }, 1);
    expect(whole.tooBroad).toBe(false);
    expect(whole.totals!.reduce((sum, total) => sum + total.count, 0)).toBeGreaterThanOrEqual(ROWS);
  });

  it("never cuts short a manager's or a team filter's totals, which the per-team rollup answers, and still bounds a merchant text", async () => {
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const teamId = manager.managedTeamIds[0]!;
    // Every generated row joins the manager's team: summing the team from its rows would outlast a millisecond.
    await db().execute(sql`update transactions set team_id = ${teamId}::uuid where provider_transaction_id like 'bounded-%'`);
    const visibility = visibilityFor(manager, "transaction.view")!;
    for (const scope of [
      { organizationId, visibility, filters: {} },
      { organizationId, visibility: { all: true }, filters: { teamId, status: "declined" } },
    ] satisfies TransactionScope[]) {
      const bounded = await boundedTransactionTotals(db(), scope, 1);
      expect(bounded).toEqual({ totals: await transactionTotalsFromRows(db(), scope), tooBroad: false });
      expect(bounded.totals!.reduce((sum, total) => sum + total.count, 0)).toBeGreaterThanOrEqual(ROWS / 10);
    }
    expect(await boundedTransactionTotals(db(), { organizationId, visibility, filters: { q: "Shop" } }, 1)).toEqual({ totals: null, tooBroad: true });
  });
});
