import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { insertRequest, listRequests, type NewCardRequest } from "@/db/queries/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;
let finance: SessionUser;

const newCard = (requester: SessionUser, beneficiary: SessionUser, alias: string): NewCardRequest => ({
  organizationId: requester.organizationId,
  kind: "new_card",
  steps: ["team_manager"],
  awaiting: "team_manager",
  requesterUserId: requester.id,
  beneficiaryUserId: beneficiary.id,
  teamId: beneficiary.teamIds[0] ?? employee.teamIds[0]!,
  providerAccountId: accountId,
  currency: "USD",
  threshold: 100_000n,
  requested: { amount: "1000" },
  approved: { amount: "1000" },
  details: { kind: "cardopenapi", productId: "P1", alias },
  purpose: "Trade fair",
});

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  employee = await sessionUserFor(db(), "employee@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
});

describe("the requests list", () => {
  it("lists under My requests the requests a person filed for someone else, as well as those for them", async () => {
    const forEli = await insertRequest(db(), newCard(finance, employee, "Filed by finance for Eli"));
    const forFiona = await insertRequest(db(), newCard(finance, finance, "Fiona's own"));
    const page = await listRequests(db(), { organizationId: finance.organizationId, scope: { kind: "mine", userId: finance.id }, filters: {}, limit: 25 });
    expect(page.rows.map((row) => row.id)).toEqual(expect.arrayContaining([forEli.id, forFiona.id]));
    // Eli still sees it under his own requests.
    const elis = await listRequests(db(), { organizationId: employee.organizationId, scope: { kind: "mine", userId: employee.id }, filters: {}, limit: 25 });
    expect(elis.rows.map((row) => row.id)).toContain(forEli.id);
  });

  it("names the card a new-card request asks for, so two such rows differ", async () => {
    const first = await insertRequest(db(), newCard(employee, employee, "Dbl test 1"));
    const second = await insertRequest(db(), newCard(employee, employee, "Dbl test 2"));
    const page = await listRequests(db(), { organizationId: employee.organizationId, scope: { kind: "mine", userId: employee.id }, filters: {}, limit: 25 });
    const named = new Map(page.rows.map((row) => [row.id, row.requestedAlias]));
    expect([named.get(first.id), named.get(second.id)]).toEqual(["Dbl test 1", "Dbl test 2"]);
  });

  it("reads My requests through the requester and beneficiary indexes, never the whole table", async () => {
    // 30,000 requests across every other demo person, so the planner's real choice shows for one who filed few.
    await db().execute(sql`
      insert into card_requests (organization_id, kind, status, steps, requester_user_id, beneficiary_user_id, team_id, currency, threshold, purpose, requested, approved, created_at)
      select ${employee.organizationId}::uuid, 'top_up', 'done', '{team_manager}', u.id, u.id, ${employee.teamIds[0]!}::uuid, 'USD', 100000, 'generated', '{"amount":"100"}', '{"amount":"100"}',
             now() - (n || ' hours')::interval
      from generate_series(1, 30000) as n
      join lateral (select id from users where id <> ${finance.id}::uuid order by id offset (n % (select count(*) - 1 from users)) limit 1) as u on true`);
    await db().execute(sql`analyze card_requests`);
    const recorder = recordingDb(getConnection().pool);
    for (const filters of [{}, { status: "pending" as const }]) {
      const [statement] = await recorder.record(() =>
        listRequests(recorder.db, { organizationId: finance.organizationId, scope: { kind: "mine", userId: finance.id }, filters, limit: 25 }),
      );
      const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (analyze, format json) ${statement!.text}`, statement!.params);
      const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
      const onRequests = nodes.filter((node) => node["Relation Name"] === "card_requests");
      expect(onRequests.map((node) => node["Node Type"])).not.toContain("Seq Scan");
      const indexes = nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : []));
      const detail = JSON.stringify(nodes.map((node) => [node["Node Type"], node["Index Name"], node["Relation Name"]]));
      // Unfiltered, each side of the OR reads its own index; a rare status may be read through its own index instead.
      if (Object.keys(filters).length === 0) expect(indexes, detail).toEqual(expect.arrayContaining(["card_requests_requester_idx", "card_requests_beneficiary_idx"]));
      // Only the person's own requests are read and sorted: never the table's 30,000.
      const read = onRequests.reduce((sum, node) => sum + (node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0), 0);
      expect(read, detail).toBeLessThan(100);
    }
  }, 60_000);

  it("filters 'Waiting for another change' as the badge reads it, apart from Approved and Executing, through its own index", async () => {
    const [waitingApproved, waitingExecuting, approved] = await Promise.all(
      ["Waiting approved", "Waiting executing", "Plain approved"].map((alias) => insertRequest(db(), newCard(employee, employee, alias))),
    );
    await db().execute(sql`update card_requests set status = 'approved', awaiting = null, card_busy_since = now() where id = ${waitingApproved!.id}`);
    await db().execute(sql`update card_requests set status = 'executing', awaiting = null, card_busy_since = now() where id = ${waitingExecuting!.id}`);
    await db().execute(sql`update card_requests set status = 'approved', awaiting = null where id = ${approved!.id}`);
    await db().execute(sql`analyze card_requests`);
    const listed = async (status: "waiting" | "approved" | "executing") =>
      (await listRequests(db(), { organizationId: finance.organizationId, scope: { kind: "visible", all: true }, filters: { status }, limit: 25 })).rows.map((row) => row.id);
    // Filed in the same instant (Promise.all): which of the two is newer is not the point here.
    expect((await listed("waiting")).sort()).toEqual([waitingExecuting!.id, waitingApproved!.id].sort());
    expect(await listed("approved")).toEqual([approved!.id]);
    expect(await listed("executing")).toEqual([]);

    const recorder = recordingDb(getConnection().pool);
    const [statement] = await recorder.record(() =>
      listRequests(recorder.db, { organizationId: finance.organizationId, scope: { kind: "visible", all: true }, filters: { status: "waiting" }, limit: 25 }),
    );
    const plan = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (analyze, format json) ${statement!.text}`, statement!.params);
    const nodes = planNodes(plan.rows[0]!["QUERY PLAN"]);
    const detail = JSON.stringify(nodes.map((node) => [node["Node Type"], node["Index Name"], node["Relation Name"]]));
    expect(nodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])), detail).toContain("card_requests_waiting_idx");
    // Only the waiting rows are read (the planner may sort so few after its joins), never the table's 30,000.
    const onRequests = nodes.filter((node) => node["Relation Name"] === "card_requests");
    expect(onRequests.map((node) => node["Node Type"]), detail).not.toContain("Seq Scan");
    expect(onRequests.reduce((sum, node) => sum + (node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0), 0), detail).toBeLessThan(10);
  }, 60_000);
});
