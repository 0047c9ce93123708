import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0058_provider_order_fee_currency";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
let accountId = "";
let organizationId = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  organizationId = (await sessionUserFor(db(), "finance@demo.test")).organizationId;
});

/** The table as migration 0057 left it: an order's fee with no currency of its own. */
async function asBefore() {
  await db().execute(sql.raw(`
    alter table provider_orders drop constraint provider_orders_fee_currency_given;
    alter table provider_orders drop column fee_currency;
  `));
}

describe(`migration ${TAG}`, () => {
  it("is the journal's next entry after 0057, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    const [previous, last] = journal.entries.slice(at - 1, at + 1);
    expect(previous).toMatchObject({ idx: 57, tag: "0057_statement_card_links" });
    expect(last).toMatchObject({ idx: 58, tag: TAG });
    expect(last!.when).toBeGreaterThan(previous!.when);
    expect(JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/0058_snapshot.json"), "utf8"))).toMatchObject({ prevId: expect.any(String) });
  });

  it("gives a stored fee the order's currency (else its card's), clears one with neither, and then holds fee and currency together", async () => {
    const card = await insertCard(db(), { organizationId, providerAccountId: accountId, providerCardId: "remote-migration-jpy", cardModel: "standard", alias: "JPY", currency: "JPY", status: "active" });
    await asBefore();
    await db().execute(sql`
      insert into provider_orders (id, organization_id, provider_account_id, card_id, type, status, currency, fee)
      values ('00000000-0000-4000-8000-000000000581', ${organizationId}, ${accountId}, ${card.id}, 'topup', 'completed', 'USD', 10),
             ('00000000-0000-4000-8000-000000000582', ${organizationId}, ${accountId}, ${card.id}, 'freeze', 'completed', null, 5),
             ('00000000-0000-4000-8000-000000000583', ${organizationId}, ${accountId}, null, 'issue', 'failed', null, 7),
             ('00000000-0000-4000-8000-000000000584', ${organizationId}, ${accountId}, ${card.id}, 'topup', 'pending', 'JPY', null)`);

    await db().execute(sql.raw(MIGRATION));

    const { rows } = await db().execute<{ id: string; fee: string | null; fee_currency: string | null }>(
      sql`select id, fee::text, fee_currency from provider_orders where id::text like '00000000-0000-4000-8000-00000000058%' order by id`,
    );
    expect(rows).toEqual([
      { id: "00000000-0000-4000-8000-000000000581", fee: "10", fee_currency: "USD" },
      { id: "00000000-0000-4000-8000-000000000582", fee: "5", fee_currency: "JPY" },
      { id: "00000000-0000-4000-8000-000000000583", fee: null, fee_currency: null },
      { id: "00000000-0000-4000-8000-000000000584", fee: null, fee_currency: null },
    ]);
    await expect(db().execute(sql`update provider_orders set fee = 3 where id = '00000000-0000-4000-8000-000000000584'`)).rejects.toMatchObject({ cause: { constraint: "provider_orders_fee_currency_given" } });
  });
});
