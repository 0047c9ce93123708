import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0054_statement_fee_total_currency";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
let accountId = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
});

/** The table as migration 0053 left it: a fee and a total with no currency of their own. */
async function asBefore() {
  await db().execute(sql.raw(`
    alter table provider_statements drop constraint provider_statements_fee_currency_given, drop constraint provider_statements_total_currency_given;
    alter table provider_statements drop column fee_currency, drop column total_currency;
  `));
}

type Stored = { provider_log_id: string; currency: string; fee: string | null; fee_currency: string | null; total: string | null; total_currency: string | null; fee_items: unknown };

describe(`migration ${TAG}`, () => {
  it("is the journal's next entry after 0053, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    const [previous, last] = journal.entries.slice(at - 1, at + 1);
    expect(previous).toMatchObject({ idx: 53, tag: "0053_overview_purchases_by_type" });
    expect(last).toMatchObject({ idx: 54, tag: TAG });
    expect(last!.when).toBeGreaterThan(previous!.when);
    expect(JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/0054_snapshot.json"), "utf8"))).toMatchObject({ prevId: expect.any(String) });
  });

  it("gives a stored fee and total the line's currency, except where the line's own fee items say another one", async () => {
    await asBefore();
    await db().execute(sql`
      insert into provider_statements (provider_account_id, source, provider_log_id, type, currency, amount, fee, fee_items, total, occurred_at)
      values (${accountId}, 'card', 'same', 'CardTopUp', 'USD', 200, 10, '[{"type":"TopUpFee","amount":"10","currency":"USD"}]', 210, '2025-04-21T09:56:49Z'),
             (${accountId}, 'card', 'no-items', 'CardTopUp', 'USD', 200, 10, '[]', 210, '2025-04-21T09:56:49Z'),
             (${accountId}, 'card', 'usd-fee-on-jpy', 'CardTopUp', 'JPY', 1000, 10, '[{"type":"TopUpFee","amount":"10","currency":"USD"}]', 680, '2025-04-21T11:12:01Z'),
             (${accountId}, 'account', 'no-fee', 'AuthBlock', 'USD', -1234, null, '[]', null, '2025-04-21T11:12:01Z')`);

    await db().execute(sql.raw(MIGRATION));

    const rows = (
      await db().execute<Stored>(sql`select provider_log_id, currency, fee::text, fee_currency, total::text, total_currency, fee_items from provider_statements order by provider_log_id`)
    ).rows;
    expect(rows).toEqual([
      { provider_log_id: "no-fee", currency: "USD", fee: null, fee_currency: null, total: null, total_currency: null, fee_items: [] },
      { provider_log_id: "no-items", currency: "USD", fee: "10", fee_currency: "USD", total: "210", total_currency: "USD", fee_items: [] },
      { provider_log_id: "same", currency: "USD", fee: "10", fee_currency: "USD", total: "210", total_currency: "USD", fee_items: [{ type: "TopUpFee", amount: "10", currency: "USD" }] },
      // Read before fees kept their currency: 10 and 680 were stored as yen although the fee items say dollars. Which
      // currency they were in cannot be known now, so they are cleared rather than shown as ¥10 and ¥680; the fee items
      // keep the fee, and the next read of the line stores both with their own currency.
      { provider_log_id: "usd-fee-on-jpy", currency: "JPY", fee: null, fee_currency: null, total: null, total_currency: null, fee_items: [{ type: "TopUpFee", amount: "10", currency: "USD" }] },
    ]);
  });

  it("refuses a fee or a total without its currency, and a currency without its sum", async () => {
    const insert = (fee: string, feeCurrency: string, total: string, totalCurrency: string) =>
      db().execute(
        sql.raw(`insert into provider_statements (provider_account_id, source, provider_log_id, type, currency, amount, fee, fee_currency, total, total_currency, occurred_at)
          values ('${accountId}', 'card', 'refused-${Math.random()}', 'CardTopUp', 'USD', 200, ${fee}, ${feeCurrency}, ${total}, ${totalCurrency}, now())`),
      );
    const refused = (constraint: string) => ({ cause: { code: "23514", constraint } });
    await expect(insert("10", "null", "null", "null")).rejects.toMatchObject(refused("provider_statements_fee_currency_given"));
    await expect(insert("null", "'USD'", "null", "null")).rejects.toMatchObject(refused("provider_statements_fee_currency_given"));
    await expect(insert("null", "null", "210", "null")).rejects.toMatchObject(refused("provider_statements_total_currency_given"));
    await expect(insert("10", "'USD'", "210", "'USD'")).resolves.toBeDefined();
  });
});
