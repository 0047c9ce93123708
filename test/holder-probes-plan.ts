import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { getConnection, type Db } from "@/db/client";
import { insertBulkCards } from "@/test/bulk-cards";
import { planNodes } from "@/test/query-plan";

/**
 * For a plan test of a query built on db/queries/holder-probes.ts: 5000 of the company's cards held by nobody and
 * 20,000 purchases of another person (`purchaserId`) in `currency`, then every table such a query reads vacuumed
 * and analysed, so the plan does not hang on whether autovacuum reached them yet.
 */
export async function insertOthersCardsAndPurchases(
  db: Db,
  params: { organizationId: string; providerAccountId: string; purchaserId: string; currency: string },
): Promise<void> {
  await insertBulkCards(db, { organizationId: params.organizationId, providerAccountId: params.providerAccountId, status: "active", mark: () => ({}) });
  await db.execute(sql`insert into transactions (organization_id, provider_account_id, provider_transaction_id, card_id, owner_user_id,
      type, status, status_rank, direction, amount, currency, merchant_name, occurred_at)
    select ${params.organizationId}::uuid, ${params.providerAccountId}::uuid, 'bulk-' || n, null, ${params.purchaserId}::uuid,
      'purchase', 'settled', 2, 'debit', n, ${params.currency}, 'Bulk', timestamptz '2026-01-01' + n * interval '1 minute'
    from generate_series(1, 20000) as n`);
  await db.execute(sql`vacuum analyze cards, transactions, provider_accounts, card_currencies`);
}

/** Expects the statement to read cards and transactions once each, by index scans on indexes that lead with the owner. */
export async function expectOwnerLedProbes(query: { sql: string; params: unknown[] }): Promise<void> {
  const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${query.sql}`, query.params);
  const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
  const reads = nodes.filter((node) => node["Relation Name"] === "cards" || node["Relation Name"] === "transactions");
  expect(reads.map((node) => node["Relation Name"]).sort(), query.sql).toEqual(["cards", "transactions"]);
  for (const node of reads) expect(node["Node Type"], query.sql).toMatch(/^(Index|Index Only|Bitmap Heap|Bitmap Index) Scan$/);
  // Any index that leads with the owner: the probe reads the holder's rows, whichever of those the planner picks.
  const indexes = nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : []));
  expect(indexes.filter((name) => name.startsWith("cards_")), query.sql).toEqual([expect.stringMatching(/^cards_owner_/)]);
  expect(indexes.filter((name) => name.startsWith("transactions_")), query.sql).toEqual([expect.stringMatching(/^transactions_owner_/)]);
}
