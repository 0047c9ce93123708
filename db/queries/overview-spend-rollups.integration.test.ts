import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { organizationDeclineRate, organizationSpendByDay, organizationTopMerchants, startsAUtcDay, startsAUtcMonth } from "@/db/queries/overview-spend-rollups";
import { declineRateFromRows, spendByDayFromRows, startOfWindow, topMerchantsFromRows, type DailySpendRow, type SpendSplit } from "@/db/queries/overview-spend";
import { rebuildMerchantMonthlyTotals } from "@/db/queries/transaction-merchant-monthly-totals";
import { rebuildDailyTotals } from "@/db/queries/transaction-daily-totals";
import { upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { teams } from "@/db/schema/teams";
import { OTHER_SERIES_KEY, spendCharts } from "@/lib/overview/chart-data";
import { LEDGER_STATUSES, type LedgerDirection } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { ledgerRow, rollupAccounts, type RollupAccount } from "@/test/rollup-fixtures";
import { sessionUserFor } from "@/test/session-user";

/**
 * The finance overview's chart, decline rate and top merchants, read from the rollups, against the same figures
 * summed over the rows: after ingestion of every status, direction and type across teams, accounts, currencies and midnights, and after
 * updates that move a row's team, status, direction, merchant or month, and deletes. Any drift between the triggers and the row queries
 * shows up as an inequality.
 */
const database = withTestDatabase();
const db = () => database.db();
let organizationId: string;
let accounts: RollupAccount[];
let teamIds: string[];

const SPLITS: SpendSplit[] = ["provider", "team", "none"];
const NOW = new Date("2026-03-04T12:00:00.000Z");
const WINDOWS = [1, 3, 30, 90].map((days) => startOfWindow(NOW, days));
const MONTHS = ["2026-03-01", "2026-02-01", "2025-11-01", "2020-01-01"].map((day) => new Date(`${day}T00:00:00.000Z`));

const byKey = (rows: DailySpendRow[]) =>
  [...rows].sort((a, b) => `${a.day} ${a.currency} ${a.seriesKey}`.localeCompare(`${b.day} ${b.currency} ${b.seriesKey}`));

async function expectRollupsEqualRows(): Promise<void> {
  const organization = { kind: "organization" as const, organizationId };
  for (const from of WINDOWS) {
    expect(startsAUtcDay(from)).toBe(true);
    for (const split of SPLITS) {
      const rolled = await organizationSpendByDay(db(), { organizationId, from, split });
      const raw = await spendByDayFromRows(db(), { scope: organization, from, split });
      if (split === "team") {
        // The team split arrives folded as the chart draws it (overview-team-spend.ts): the same chart as the rows make.
        expect({ from, split, charts: spendCharts(rolled, from, NOW) }).toEqual({ from, split, charts: spendCharts(raw, from, NOW) });
      } else {
        expect({ from, split, rows: byKey(rolled) }).toEqual({ from, split, rows: byKey(raw) });
      }
    }
    expect({ from, rate: await organizationDeclineRate(db(), { organizationId, from }) }).toEqual({
      from,
      rate: await declineRateFromRows(db(), { scope: organization, from }),
    });
  }
  for (const from of MONTHS) {
    expect(startsAUtcMonth(from)).toBe(true);
    for (const limit of [1, 3, 100]) {
      expect({ from, limit, top: await organizationTopMerchants(db(), { organizationId, from, limit }) }).toEqual({
        from,
        limit,
        top: await topMerchantsFromRows(db(), { scope: organization, from, limit }),
      });
    }
    // Both read through one outer query (topMerchantsPerCurrency), so the comparison above cannot catch its mistakes:
    // a smaller limit keeps the head of each currency's list, in order, and nothing that nets to zero is listed.
    const all = await organizationTopMerchants(db(), { organizationId, from, limit: 100 });
    expect(all.every((merchant) => merchant.spent > 0n)).toBe(true);
    for (const limit of [1, 3]) {
      const head = all.filter((merchant, index) => all.slice(0, index).filter((before) => before.currency === merchant.currency).length < limit);
      expect({ from, limit, top: await organizationTopMerchants(db(), { organizationId, from, limit }) }).toEqual({ from, limit, top: head });
    }
  }
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const finance = await sessionUserFor(db(), "finance@demo.test");
  organizationId = finance.organizationId;
  accounts = await rollupAccounts(db(), organizationId);
  teamIds = (await db().select({ id: teams.id }).from(teams).where(eq(teams.organizationId, organizationId))).map((team) => team.id);
  expect(accounts.length).toBeGreaterThanOrEqual(2);
  expect(teamIds.length).toBeGreaterThanOrEqual(2);
});

describe("the overview's rollup figures", () => {
  it("match the rows for every status, direction, type, team, account and currency, at day boundaries", async () => {
    const times = ["2026-03-02T23:59:59.999Z", "2026-03-03T00:00:00.000Z", "2026-03-04T09:00:00.000Z", "2026-02-10T12:00:00.000Z", "2025-11-01T08:00:00.000Z"];
    let n = 0;
    for (const status of LEDGER_STATUSES)
      for (const direction of ["debit", "credit"] as LedgerDirection[])
        for (const type of ["purchase", "refund", "reversal", "fee"]) {
          n += 1;
          await upsertLedgerRow(
            db(),
            ledgerRow({ organizationId, providerAccountId: accounts[n % accounts.length]!.id }, `overview-${n}`, {
              status,
              direction,
              type,
              amount: BigInt(100 * n + 3),
              currency: n % 4 === 0 ? "EUR" : "USD",
              occurredAt: new Date(times[n % times.length]!),
              teamId: n % 3 === 0 ? null : teamIds[n % teamIds.length]!,
              // Blank and missing names group as one unknown merchant in the row queries; the rollups hold no names.
              merchantName: n % 7 === 0 ? "  " : `Merchant ${n % 5}`,
            }),
          );
        }
    await expectRollupsEqualRows();
  });

  it("follow rows that change team, status, direction, merchant and month, and rows that are deleted", async () => {
    await db().execute(sql`update transactions set team_id = ${teamIds[0]!}::uuid where provider_transaction_id like 'overview-%' and amount % 2 = 1 and team_id is null`);
    await db().execute(sql`update transactions set team_id = null where provider_transaction_id like 'overview-%' and amount % 5 = 0`);
    await db().execute(sql`update transactions set status = 'declined' where provider_transaction_id like 'overview-%' and status = 'authorised' and amount % 3 = 0`);
    await db().execute(sql`update transactions set direction = case direction when 'debit' then 'credit' else 'debit' end where provider_transaction_id like 'overview-%' and amount % 4 = 1`);
    await db().execute(sql`update transactions set merchant_name = case when amount % 2 = 0 then 'Merchant 1' else null end where provider_transaction_id like 'overview-%' and amount % 6 = 5`);
    await db().execute(sql`update transactions set occurred_at = occurred_at - interval '40 days' where provider_transaction_id like 'overview-%' and amount % 8 = 3`);
    await db().execute(sql`delete from transactions where provider_transaction_id like 'overview-%' and amount % 7 = 2`);
    await expectRollupsEqualRows();
  });

  it("fold teams beyond the chart's palette in the database as the chart folds the rows", async () => {
    const names = ["Fold 1", "Fold 2", "Fold 3", "Fold 4", "Fold 5", "Fold 6", "Fold 7"];
    const fold = await db().insert(teams).values(names.map((name) => ({ organizationId, name }))).returning({ id: teams.id });
    const at = { organizationId, providerAccountId: accounts[0]!.id };
    let n = 0;
    const spend = async (currency: string, teamId: string | null, amount: number, day: string, reversal = false) => {
      n += 1;
      await upsertLedgerRow(
        db(),
        ledgerRow(at, `fold-${n}`, {
          status: "settled",
          amount: BigInt(amount),
          currency,
          teamId,
          occurredAt: new Date(`${day}T10:00:00.000Z`),
          ...(reversal ? { direction: "credit" as const, type: "reversal" } : {}),
        }),
      );
    };
    // GBP: seven teams and cards without one. Fold 4 and Fold 5 tie for the fourth place; Fold 6 spends and is
    // reversed on another day (a zero total, still a series); cards without a team are folded.
    for (const [index, amount] of [700, 600, 500, 400, 400].entries()) await spend("GBP", fold[index]!.id, amount, "2026-03-03");
    await spend("GBP", fold[5]!.id, 300, "2026-03-03");
    await spend("GBP", fold[5]!.id, 300, "2026-03-04", true);
    await spend("GBP", fold[6]!.id, 20, "2026-03-04");
    await spend("GBP", null, 100, "2026-03-04");
    // CHF: cards without a team spent most and are drawn on their own, beside three teams.
    await spend("CHF", null, 5000, "2026-03-04");
    for (const [index, amount] of [10, 20, 30, 40, 50].entries()) await spend("CHF", fold[index]!.id, amount, "2026-03-04");
    // SEK: two series only, one of them a team whose days net to zero over the window.
    await spend("SEK", fold[5]!.id, 800, "2026-03-03");
    await spend("SEK", fold[5]!.id, 800, "2026-03-04", true);
    await spend("SEK", fold[0]!.id, 100, "2026-03-04");

    const from = startOfWindow(NOW, 3);
    const rolled = await organizationSpendByDay(db(), { organizationId, from, split: "team" });
    const seriesOf = (currency: string) => new Set(rolled.filter((row) => row.currency === currency).map((row) => row.seriesKey));
    const [fourth, fifth] = [fold[3]!.id, fold[4]!.id].sort();
    expect(seriesOf("GBP")).toEqual(new Set([fold[0]!.id, fold[1]!.id, fold[2]!.id, fourth, OTHER_SERIES_KEY]));
    expect(seriesOf("CHF")).toEqual(new Set(["", fold[4]!.id, fold[3]!.id, fold[2]!.id, OTHER_SERIES_KEY]));
    expect(seriesOf("SEK")).toEqual(new Set([fold[5]!.id, fold[0]!.id]));
    const gbp = spendCharts(rolled, from, NOW, undefined, "Other teams").find((chart) => chart.currency === "GBP")!;
    // Fold 5, 6 and 7 and the cards without a team: 400 + 300 + 20 on the two days, less the reversal.
    expect(gbp.days.map((day) => day.values[OTHER_SERIES_KEY])).toEqual([0n, 400n + 300n, 20n + 100n - 300n]);
    expect(gbp.days.every((day) => day.values[fifth!] === undefined)).toBe(true);
    await expectRollupsEqualRows();
  });

  it("count debits as a rebuild from the rows does", async () => {
    const snapshot = async () =>
      (await db().execute(sql`select day, currency, status, provider_account_id, count::text, debits::text
        from transaction_daily_totals where organization_id = ${organizationId}::uuid and (count <> 0 or debits <> 0) order by 1, 2, 3, 4`)).rows;
    const maintained = await snapshot();
    // Neither every row nor none: the column counts debits, not rows.
    expect(maintained.some((row) => Number(row.debits) > 0)).toBe(true);
    expect(maintained.some((row) => Number(row.debits) < Number(row.count))).toBe(true);
    await rebuildDailyTotals(db(), organizationId);
    expect(await snapshot()).toEqual(maintained);
  });

  it("rank merchants as a rebuild from the rows does", async () => {
    const snapshot = async () =>
      (await db().execute(sql`select month, currency, merchant, spent::text, purchases::text from transaction_merchant_monthly_totals
        where organization_id = ${organizationId}::uuid and (spent <> 0 or purchases <> 0) order by 1, 2, 3`)).rows;
    const maintained = await snapshot();
    expect(maintained.map((row) => row.merchant)).toContain("Unknown merchant");
    await rebuildMerchantMonthlyTotals(db(), organizationId);
    expect(await snapshot()).toEqual(maintained);
  });

  it("leave a window that does not start at a UTC midnight to the rows", () => {
    expect(startsAUtcDay(new Date("2026-03-04T00:00:00.000Z"))).toBe(true);
    expect(startsAUtcDay(new Date("2026-03-04T00:00:00.001Z"))).toBe(false);
    expect(startsAUtcDay(new Date("2026-03-04T06:00:00.000Z"))).toBe(false);
    expect(startsAUtcMonth(new Date("2026-03-01T00:00:00.000Z"))).toBe(true);
    expect(startsAUtcMonth(new Date("2026-03-04T00:00:00.000Z"))).toBe(false);
  });
});
