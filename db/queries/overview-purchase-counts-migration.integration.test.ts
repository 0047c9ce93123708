/**
 * Migration 0053 counts the overview's purchases by type (review money41, finding 2): the daily rollup's purchase
 * attempts (`debits`) and the merchant rollup's `purchases` count rows of type "purchase", not every debit. The totals
 * stored before it (a fee counted as a purchase attempt and as a purchase at its merchant) are recounted from the rows,
 * and the triggers keep them by the new rule from then on.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql, TransactionRollbackError } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { organizationDeclineRate, organizationTopMerchants } from "@/db/queries/overview-spend-rollups";
import { rebuildDailyTotals } from "@/db/queries/transaction-daily-totals";
import { seedDemo } from "@/db/seed";
import { toTransaction } from "@/lib/providers/cardepass/transform-ledger";
import { ingestTransactions } from "@/lib/transactions/ingest";
import { withTestDatabase } from "@/test/database";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { cardepassCardOfEmployee, cardepassV1Row } from "@/test/cardepass-v1-rows";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0053_overview_purchases_by_type";
const migration = (tag: string) => readFileSync(path.join(process.cwd(), `db/migrations/${tag}.sql`), "utf8");
const FROM = new Date("2026-11-01T00:00:00.000Z");
const AT = new Date("2026-11-20T09:00:00.000Z");
let account: { id: string; organizationId: string };

/** The trigger functions as 0025 and 0027 defined them (every debit a purchase attempt, every approved debit a purchase). */
async function restoreTriggersBefore0053(): Promise<void> {
  await db().execute(sql.raw(migration("0025_transaction_daily_totals_debits_sync")));
  const functions = migration("0027_transaction_merchant_monthly_totals_sync")
    .split("--> statement-breakpoint")
    .filter((statement) => statement.replace(/^--.*$/gm, "").trim().startsWith("CREATE OR REPLACE FUNCTION"));
  expect(functions).toHaveLength(5);
  for (const statement of functions) await db().execute(sql.raw(statement));
}

const ingest = (rows: ReturnType<typeof toTransaction>[]) => ingestTransactions(db(), account, rows, new Date(), "list");
const lufthansa = async () => (await organizationTopMerchants(db(), { organizationId: account.organizationId, from: FROM, limit: 10 })).find((merchant) => merchant.merchant === "LUFTHANSA");
const dailyPurchaseAttempts = async () =>
  (await db().execute(sql`select day, currency, status, provider_account_id, count::text, debits::text from transaction_daily_totals
    where organization_id = ${account.organizationId}::uuid and (count <> 0 or debits <> 0) order by 1, 2, 3, 4`)).rows;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  account = await cardepassCardOfEmployee(db());
});

describe(`migration ${TAG}`, () => {
  it("is the journal's entry after 0052, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    expect(journal.entries[at - 1]).toMatchObject({ idx: 52, tag: "0052_card_holdings" });
    expect(journal.entries[at]).toMatchObject({ idx: 53 });
    expect(journal.entries[at]!.when).toBeGreaterThan(journal.entries[at - 1]!.when);
  });

  it("recounts the totals stored before it from the rows, and its triggers keep them so", async () => {
    await restoreTriggersBefore0053();
    await ingest([
      cardepassV1Row("cdp-consume", "Consume", 266.96, AT),
      cardepassV1Row("cdp-fee", "TransFee", 2.67, new Date(AT.getTime() + 1000)),
      cardepassV1Row("cdp-declined", "Consume", 50, new Date(AT.getTime() + 2000), { status: "AuthFailure", settleTime: null, settledAmount: null }),
    ]);
    // What the old triggers stored: the fee as a purchase attempt and as a purchase at LUFTHANSA.
    expect(await organizationDeclineRate(db(), { organizationId: account.organizationId, from: FROM })).toMatchObject({ attempts: 3, declined: 1 });
    expect(await lufthansa()).toMatchObject({ spent: 26_963n, purchases: 2 });

    await db().execute(sql.raw(migration(TAG)));

    expect(await organizationDeclineRate(db(), { organizationId: account.organizationId, from: FROM })).toEqual({ attempts: 2, declined: 1, otherDeclined: 0 });
    expect(await lufthansa()).toEqual({ currency: "USD", merchant: "LUFTHANSA", spent: 26_963n, purchases: 1 });
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, days: ["2026-11-20"] });
    const recounted = await dailyPurchaseAttempts();
    await db()
      .transaction(async (tx) => {
        await rebuildDailyTotals(tx, account.organizationId);
        expect((await tx.execute(sql`select day, currency, status, provider_account_id, count::text, debits::text from transaction_daily_totals
          where organization_id = ${account.organizationId}::uuid and (count <> 0 or debits <> 0) order by 1, 2, 3, 4`)).rows).toEqual(recounted);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });

    // From now on: another fee and a purchase settling leave the purchase counts as the rows say.
    await ingest([cardepassV1Row("cdp-fee-2", "TransFee", 1.0, new Date(AT.getTime() + 4000)), cardepassV1Row("cdp-consume-2", "Consume", 10, new Date(AT.getTime() + 5000))]);
    expect(await organizationDeclineRate(db(), { organizationId: account.organizationId, from: FROM })).toEqual({ attempts: 3, declined: 1, otherDeclined: 0 });
    expect(await lufthansa()).toEqual({ currency: "USD", merchant: "LUFTHANSA", spent: 28_063n, purchases: 2 });
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, days: ["2026-11-20"] });
  });
});
