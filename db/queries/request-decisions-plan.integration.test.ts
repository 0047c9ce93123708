import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { listRequestDecisionContexts, listRequests } from "@/db/queries/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";

/**
 * Guard: what the requests list reads to offer Approve and Reject on its rows (listRequestDecisionContexts) reads a
 * page's requests and their cards by key, on enough ANALYZEd requests and cards that PostgreSQL's real choice shows:
 * never a whole table, only about the page's rows.
 */
const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;
let finance: SessionUser;

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  employee = await sessionUserFor(db(), "employee@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
  // 20,000 cards, each with a waiting top-up, and 10,000 waiting new-card requests besides.
  await db().execute(sql`
    insert into cards (organization_id, provider_account_id, card_model, owner_user_id, team_id, alias, currency, status, balance)
    select ${employee.organizationId}::uuid, ${accountId}::uuid, 'prepaid', ${employee.id}::uuid, ${employee.teamIds[0]!}::uuid, 'Plan card ' || n, 'USD', 'active', 1000
    from generate_series(1, 20000) as n`);
  await db().execute(sql`
    insert into card_requests (organization_id, kind, status, steps, awaiting, requester_user_id, beneficiary_user_id, team_id, card_id, currency, threshold, purpose, requested, approved, created_at)
    select ${employee.organizationId}::uuid, 'top_up', 'pending', '{team_manager}', 'team_manager', ${employee.id}::uuid, ${employee.id}::uuid, ${employee.teamIds[0]!}::uuid, c.id, 'USD', 100000, 'generated',
           '{"amount":"100"}', '{"amount":"100"}', now() - (row_number() over () || ' minutes')::interval
    from cards c where c.alias like 'Plan card %'`);
  await db().execute(sql`
    insert into card_requests (organization_id, kind, status, steps, awaiting, requester_user_id, beneficiary_user_id, team_id, provider_account_id, currency, threshold, purpose, requested, approved, details, created_at)
    select ${employee.organizationId}::uuid, 'new_card', 'pending', '{team_manager,finance}', 'team_manager', ${employee.id}::uuid, ${employee.id}::uuid, ${employee.teamIds[0]!}::uuid, ${accountId}::uuid, 'USD', 100000,
           'generated', '{"amount":"100"}', '{"amount":"100"}', '{"kind":"cardopenapi","productId":"P1","alias":"Plan"}', now() - (n || ' minutes 30 seconds')::interval
    from generate_series(1, 10000) as n`);
  await db().execute(sql`analyze cards`);
  await db().execute(sql`analyze card_requests`);
}, 120_000);

describe("the requests list's decision read", () => {
  it("reads a page's requests and cards by key, never a whole table", async () => {
    const page = await listRequests(db(), {
      organizationId: finance.organizationId,
      scope: { kind: "visible", all: true },
      filters: {},
      limit: 25,
    });
    expect(page.rows.filter((row) => row.cardId)).not.toHaveLength(0);
    const recorder = recordingDb(getConnection().pool);
    const [statement, ...more] = await recorder.record(() =>
      listRequestDecisionContexts(recorder.db, {
        organizationId: finance.organizationId,
        requestIds: page.rows.map((row) => row.id),
      }),
    );
    expect(more).toHaveLength(0);
    const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(
      `explain (analyze, format json) ${statement!.text}`,
      statement!.params,
    );
    const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
    const detail = JSON.stringify(
      nodes.map((node) => [
        node["Node Type"],
        node["Index Name"],
        node["Relation Name"],
        node["Actual Rows"],
        node["Actual Loops"],
      ]),
    );
    for (const table of ["card_requests", "cards"]) {
      const reads = nodes.filter((node) => node["Relation Name"] === table);
      expect(
        reads.map((node) => node["Node Type"]),
        detail,
      ).not.toContain("Seq Scan");
      const touched = reads.reduce(
        (sum, node) =>
          sum +
          ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1),
        0,
      );
      expect(touched, `${table}: ${detail}`).toBeLessThanOrEqual(60);
    }
    expect(
      nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])),
      detail,
    ).toContain("card_requests_pkey");
  }, 120_000);
});
