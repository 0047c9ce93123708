import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { seedDemo } from "@/db/seed";
import { recordingDb, type Statement } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { planNodes, type PlanNode } from "@/test/query-plan";
import { sessionUserFor } from "@/test/session-user";

/**
 * Guard: the bell's queries walk an index in their own order on enough ANALYZEd notifications that PostgreSQL's real
 * choice shows: the unread page from the unread index, the read fill (run only when fewer than a page are unread)
 * from the recipient's time index, and the unread count from the unread index alone.
 */
const database = withTestDatabase();
const db = () => database.db();
const FEED = 20;
const PEOPLE = 500;
const NOTICES_EACH = 80;
const UNREAD_INDEX = "notifications_recipient_unread_created_idx";
const TIME_INDEX = "notifications_recipient_created_idx";

let organizationId: string;
let manyUnreadId: string;
let fewUnreadId: string;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const eli = await sessionUserFor(db(), "employee@demo.test");
  const emma = await sessionUserFor(db(), "employee2@demo.test");
  [organizationId, manyUnreadId, fewUnreadId] = [eli.organizationId, eli.id, emma.id];
  const { pool } = getConnection();
  await pool.query(
    `insert into users (organization_id, email, name, password_hash)
     select $1, 'bulk' || g || '@plan.test', 'Bulk ' || g, 'x' from generate_series(1, ${PEOPLE}) g`,
    [organizationId],
  );
  // Everyone: a notice a minute, one in four unread.
  await pool.query(
    `insert into notifications (organization_id, recipient_user_id, event_key, kind, title, body, href, created_at, read_at)
     select $1, u.id, 'plan-' || g, 'request.done', 'Done', 'Your request was carried out.', '/requests',
            now() - g * interval '1 minute', case when g % 4 = 0 then null else now() end
       from users u cross join generate_series(1, ${NOTICES_EACH}) g
      where u.email like 'bulk%@plan.test'`,
    [organizationId],
  );
  // Eli: 40 unread beneath 200 newer read ones. Emma: 3 old unread beneath 200 newer read ones.
  for (const [recipient, unread] of [
    [manyUnreadId, 40],
    [fewUnreadId, 3],
  ] as const) {
    await pool.query(
      `insert into notifications (organization_id, recipient_user_id, event_key, kind, title, body, href, created_at, read_at)
       select $1, $2, 'plan-' || g, 'request.done', 'Done', 'Your request was carried out.', '/requests',
              now() - g * interval '1 minute', case when g > 200 then null else now() end
         from generate_series(1, 200 + $3::int) g`,
      [organizationId, recipient, unread],
    );
  }
  // As autovacuum would have by then: the visibility map lets the count read the index alone.
  await pool.query("vacuum analyze notifications");
}, 120_000);

async function planOf(statement: Statement): Promise<{ nodes: PlanNode[]; text: string }> {
  const { rows } = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (analyze, format json) ${statement.text}`, statement.params);
  const nodes = planNodes(rows[0]!["QUERY PLAN"]);
  const text = nodes.map((node) => `${node["Node Type"]}${node["Index Name"] ? ` using ${node["Index Name"]}` : ""}${node["Relation Name"] ? ` on ${node["Relation Name"]}` : ""}`).join(" > ");
  return { nodes, text };
}

const rowsTouched = (nodes: PlanNode[]) =>
  nodes.filter((node) => node["Relation Name"] === "notifications").reduce((sum, node) => sum + ((node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0)) * (node["Actual Loops"] ?? 1), 0);

describe("the bell's query plans", () => {
  it("reads a page of unread notices from the unread index in its order, and nothing more when a page is unread", async () => {
    const recorder = recordingDb(getConnection().pool);
    const statements = await recorder.record(() => listNotifications(recorder.db, { recipientUserId: manyUnreadId, limit: FEED }));
    expect(statements).toHaveLength(1);
    const { nodes, text } = await planOf(statements[0]!);
    expect(text).toContain(`Index Scan using ${UNREAD_INDEX} on notifications`);
    expect(text).not.toMatch(/Sort|Seq Scan/);
    expect(rowsTouched(nodes)).toBeLessThanOrEqual(FEED);
  });

  it("fills the rest of the page from the recipient's time index in its order, past only the few unread ones", async () => {
    const recorder = recordingDb(getConnection().pool);
    const statements = await recorder.record(() => listNotifications(recorder.db, { recipientUserId: fewUnreadId, limit: FEED }));
    expect(statements).toHaveLength(2);
    const unread = await planOf(statements[0]!);
    expect(unread.text).toContain(`Index Scan using ${UNREAD_INDEX} on notifications`);
    expect(unread.text).not.toMatch(/Sort|Seq Scan/);
    const fill = await planOf(statements[1]!);
    expect(fill.text).toContain(`Index Scan using ${TIME_INDEX} on notifications`);
    expect(fill.text).not.toMatch(/Sort|Seq Scan/);
    // The 17 read ones it lists; the 3 unread lie below them, so the walk stops before reaching them.
    expect(rowsTouched(fill.nodes)).toBeLessThanOrEqual(FEED);
  });

  it("counts a person's unread notices from the unread index alone, the old single-column one gone", async () => {
    const recorder = recordingDb(getConnection().pool);
    const statements = await recorder.record(() => countUnreadNotifications(recorder.db, { recipientUserId: manyUnreadId }));
    expect(statements).toHaveLength(1);
    const { text } = await planOf(statements[0]!);
    expect(text).toContain(`Index Only Scan using ${UNREAD_INDEX} on notifications`);
    expect(text).not.toContain("Seq Scan");
    const { rows } = await getConnection().pool.query<{ indexname: string }>("select indexname from pg_indexes where tablename = 'notifications'");
    expect(rows.map((row) => row.indexname)).not.toContain("notifications_unread_idx");
  });
});
