/**
 * Migration 0051 keeps which stored times a Card OPEN-API zone made: transactions.occurred_at_from_provider and
 * provider_orders.completed_at_read_in_zone. Rows stored before it are judged by what they hold; rows stored after it
 * carry the mark their writer set (lib/transactions/occurred-at.ts, lib/orders/order-times-in-zone.ts), and a row read
 * several times keeps the mark of the time it keeps.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { zoneReadOrdersQuery } from "@/db/queries/order-times-in-zone";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { upsertLedgerRow } from "@/db/queries/transactions-ingest";
import { transactions } from "@/db/schema/transactions";
import { toTransaction } from "@/lib/providers/cardopenapi/transform";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { toLedgerRow } from "./ledger-row";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0051_zone_read_times";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
let openapi = { id: "", organizationId: "" };
let cardepass = { id: "", organizationId: "" };

beforeAll(async () => {
  await seedOfflineDemo(db());
  const accounts = await listProviderAccounts(db());
  openapi = accounts.find((account) => account.provider === "cardopenapi")!;
  cardepass = accounts.find((account) => account.provider === "cardepass")!;
});

describe(`migration ${TAG}`, () => {
  it("is the journal's entry after 0050, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    expect(journal.entries[at - 1]).toMatchObject({ idx: 50, tag: "0050_unread_rows_dismissal" });
    expect(journal.entries[at]).toMatchObject({ idx: 51 });
    expect(journal.entries[at]!.when).toBeGreaterThan(journal.entries[at - 1]!.when);
  });

  it("marks the provider's times among the rows and orders stored before it", async () => {
    await db().execute(sql.raw(`
      alter table transactions drop column occurred_at_from_provider;
      alter table provider_orders drop column completed_at_read_in_zone;
    `));
    const row = (account: { id: string; organizationId: string }, id: string, status: string, times: { authorised?: string; settled?: string; occurred: string }) =>
      sql`(${account.organizationId}::uuid, ${account.id}::uuid, ${id}, 'purchase', ${status}, 100, 'USD', ${times.authorised ?? null}::timestamptz, ${times.settled ?? null}::timestamptz, ${times.occurred}::timestamptz)`;
    await db().execute(sql`
      insert into transactions (organization_id, provider_account_id, provider_transaction_id, type, status, amount, currency, authorised_at, settled_at, occurred_at)
      values ${sql.join(
        [
          row(openapi, "m-authorised", "settled", { authorised: "2026-03-01T02:30:00Z", settled: "2026-03-01T03:00:00Z", occurred: "2026-03-01T02:30:00Z" }),
          row(openapi, "m-settled-only", "settled", { settled: "2026-03-01T03:00:00Z", occurred: "2026-03-01T03:00:00Z" }),
          row(openapi, "m-reversed-settle-only", "reversed", { occurred: "2026-06-01T02:30:00Z" }),
          row(openapi, "m-received", "authorised", { occurred: "2026-04-10T08:00:00.123Z" }),
          row(cardepass, "m-cardepass-received", "declined", { occurred: "2026-04-10T08:00:00Z" }),
          row(cardepass, "m-cardepass-authorised", "settled", { authorised: "2026-04-10T08:00:00.5Z", occurred: "2026-04-10T08:00:00.5Z" }),
        ],
        sql`, `,
      )}`);
    const order = (account: { id: string; organizationId: string }, key: string, type: string, status: string, completedAt: string | null) =>
      sql`(${account.organizationId}::uuid, ${account.id}::uuid, ${type}, ${status}, ${completedAt}::timestamptz, ${JSON.stringify({ type, key })}::jsonb)`;
    await db().execute(sql`
      insert into provider_orders (organization_id, provider_account_id, type, status, completed_at, request)
      values ${sql.join(
        [
          order(openapi, "topup-finished", "topup", "completed", "2026-03-01T02:54:00Z"),
          order(openapi, "issue-finished", "issue", "completed", "2026-03-01T02:55:00Z"),
          order(openapi, "topup-confirmed-by-person", "topup", "completed", "2026-03-01T02:56:00.417Z"),
          order(openapi, "freeze", "freeze", "completed", "2026-03-01T02:57:00Z"),
          order(openapi, "topup-failed", "topup", "failed", "2026-03-01T02:58:00Z"),
          order(openapi, "topup-open", "topup", "pending", null),
          order(cardepass, "cardepass-topup", "topup", "completed", "2026-03-01T02:59:00Z"),
        ],
        sql`, `,
      )}`);

    await db().execute(sql.raw(MIGRATION));

    const marks = await db().execute<{ provider_transaction_id: string; occurred_at_from_provider: boolean }>(
      sql`select provider_transaction_id, occurred_at_from_provider from transactions where provider_transaction_id like 'm-%' order by 1`,
    );
    expect(Object.fromEntries(marks.rows.map((item) => [item.provider_transaction_id, item.occurred_at_from_provider]))).toEqual({
      "m-authorised": true,
      "m-settled-only": true,
      "m-reversed-settle-only": true,
      "m-received": false,
      "m-cardepass-received": false,
      "m-cardepass-authorised": true,
    });
    const orders = await db().execute<{ key: string; completed_at_read_in_zone: boolean }>(sql`select request->>'key' as key, completed_at_read_in_zone from provider_orders where request ? 'key' order by 1`);
    expect(Object.fromEntries(orders.rows.map((item) => [item.key, item.completed_at_read_in_zone]))).toEqual({
      "topup-finished": true,
      "issue-finished": true,
      "topup-confirmed-by-person": false,
      freeze: false,
      "topup-failed": false,
      "topup-open": false,
      "cardepass-topup": false,
    });
    // A row written without the mark is Cardhub's.
    await db().execute(sql`insert into transactions (organization_id, provider_account_id, provider_transaction_id, type, status, amount, currency, occurred_at)
      values (${openapi.organizationId}, ${openapi.id}, 'm-new', 'purchase', 'settled', 1, 'USD', '2026-04-10T08:00:00Z')`);
    const [fresh] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "m-new"));
    expect(fresh!.occurredAtFromProvider).toBe(false);
  });

  it("reads a correction's orders from their own index, not the account's other orders", async () => {
    // Many orders of both accounts, few of them read in a zone.
    await db().execute(sql`
      insert into provider_orders (organization_id, provider_account_id, type, status, completed_at, completed_at_read_in_zone)
      select ${openapi.organizationId}::uuid, case when n % 2 = 0 then ${openapi.id}::uuid else ${cardepass.id}::uuid end, 'topup', 'completed',
        timestamptz '2026-01-01' + n * interval '1 minute', n % 50 = 0
      from generate_series(1, 6000) as n`);
    await db().execute(sql`analyze provider_orders`);
    const query = zoneReadOrdersQuery(db(), openapi.id).toSQL();
    const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${query.sql}`, query.params as unknown[]);
    const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
    expect(nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])), query.sql).toEqual(["provider_orders_zone_read_idx"]);
    // The planner may sort the few it finds (a bitmap scan); it locks them in that order either way.
    expect(nodes.filter((node) => node["Node Type"] === "Seq Scan"), query.sql).toEqual([]);
    // Every 50th is even, so on the Card OPEN-API account; with the two the migration marked.
    expect((await zoneReadOrdersQuery(db(), openapi.id)).length).toBe(6000 / 50 + 2);
  });
});

describe("a row read more than once keeps the mark of the time it keeps", () => {
  const wire = { trade_id: "merge-1", card_id: "c1", trade_type: 1, trade_status: 3, amount: "-5.00", currency: "USD", trade_at: "", settle_at: "" };
  const store = (settleAt: string, receivedAt: Date) =>
    upsertLedgerRow(db(), {
      ...toLedgerRow(toTransaction({ ...wire, settle_at: settleAt }, { timeZone: "UTC", currency: "USD" }), receivedAt, "list"),
      organizationId: openapi.organizationId,
      providerAccountId: openapi.id,
      cardId: null,
      ownerUserId: null,
      teamId: null,
    });
  const stored = async () => {
    const [found] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "merge-1"));
    return { occurredAt: found!.occurredAt.toISOString(), occurredAtFromProvider: found!.occurredAtFromProvider };
  };

  it("Cardhub's time, then an earlier provider time, then a later one", async () => {
    await store("", new Date("2026-05-02T08:00:00.250Z"));
    expect(await stored()).toEqual({ occurredAt: "2026-05-02T08:00:00.250Z", occurredAtFromProvider: false });
    await store("2026-05-01 22:30:00", new Date("2026-05-03T08:00:00.250Z"));
    expect(await stored()).toEqual({ occurredAt: "2026-05-01T22:30:00.000Z", occurredAtFromProvider: true });
    await store("", new Date("2026-05-04T08:00:00.250Z"));
    expect(await stored()).toEqual({ occurredAt: "2026-05-01T22:30:00.000Z", occurredAtFromProvider: true });
  });
});
