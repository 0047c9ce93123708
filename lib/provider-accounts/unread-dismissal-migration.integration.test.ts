import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { listUnreadEntriesQuery, openEntriesQuery, UNREAD_ENTRIES_PAGE_SIZE } from "@/db/queries/transaction-rows-unread-review";
import { openUnreadRowsQuery } from "@/db/queries/transaction-rows-unread";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { planNodes } from "@/test/query-plan";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0050_unread_rows_dismissal";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
let accountId: string;

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
});

const indexDefinition = async (name: string) =>
  (await db().execute<{ indexdef: string }>(sql`select indexdef from pg_indexes where tablename = 'transaction_rows_unread' and indexname = ${name}`)).rows[0]?.indexdef;

/** The table as migration 0049 left it: 0039's columns and open index, none of the dismissal. */
async function asBefore() {
  await db().execute(sql.raw(`
    alter table transaction_rows_unread drop column opened_at, drop column dismissed_at, drop column dismissed_by_user_id, drop column dismissal_reason;
    drop index if exists transaction_rows_unread_open_idx;
    create index transaction_rows_unread_open_idx on transaction_rows_unread using btree (provider_account_id, first_seen_at, id) where resolved_at is null;
  `));
}

describe(`migration ${TAG}`, () => {
  it("is the journal's next entry after 0049, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    const [previous, last] = journal.entries.slice(at - 1, at + 1);
    expect(previous).toMatchObject({ idx: 49, tag: "0049_closed_card_transaction_reads" });
    expect(last).toMatchObject({ idx: 50, tag: TAG });
    expect(last!.when).toBeGreaterThan(previous!.when);
    expect(JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/0050_snapshot.json"), "utf8"))).toMatchObject({ prevId: expect.any(String) });
  });

  it("keeps every entry as it was, open since it was first seen, and no longer walks dismissed entries as open", async () => {
    await asBefore();
    await db().execute(sql`
      insert into transaction_rows_unread (provider_account_id, provider_transaction_id, reason_key, reason, first_seen_at, last_seen_at, resolved_at)
      values (${accountId}, 'm-open', 'k1', 'amount', '2026-11-01T10:00:00.123Z', '2026-11-02T10:00:00Z', null),
             (${accountId}, 'm-resolved', 'k2', 'amount', '2026-11-01T11:00:00Z', '2026-11-01T11:00:00Z', '2026-11-03T00:00:00Z')`);

    await db().execute(sql.raw(MIGRATION));

    const rows = (
      await db().execute<{ provider_transaction_id: string; opened_at: Date; first_seen_at: Date; dismissed_at: Date | null; resolved_at: Date | null }>(
        sql`select provider_transaction_id, opened_at, first_seen_at, dismissed_at, resolved_at from transaction_rows_unread where provider_transaction_id like 'm-%' order by provider_transaction_id`,
      )
    ).rows;
    expect(rows.map((row) => [row.provider_transaction_id, new Date(row.opened_at).toISOString(), row.dismissed_at])).toEqual([
      ["m-open", "2026-11-01T10:00:00.123Z", null],
      ["m-resolved", "2026-11-01T11:00:00.000Z", null],
    ]);
    expect(await indexDefinition("transaction_rows_unread_open_idx")).toMatch(/\(provider_account_id, first_seen_at, id\) WHERE \(\(resolved_at IS NULL\) AND \(dismissed_at IS NULL\)\)/);
    expect(await indexDefinition("transaction_rows_unread_dismissed_idx")).toMatch(
      /\(provider_account_id, dismissed_at DESC, id DESC\) WHERE \(\(resolved_at IS NULL\) AND \(dismissed_at IS NOT NULL\)\)/,
    );
  });

  it("refuses a dismissal without who or why", async () => {
    const [user] = (await db().execute<{ id: string }>(sql`select id from users limit 1`)).rows;
    const attempt = (set: string) =>
      db().execute(sql.raw(`update transaction_rows_unread set ${set} where provider_transaction_id = 'm-open'`)).then(
        () => "written",
        (error: { constraint?: string; cause?: { constraint?: string } }) => error.cause?.constraint ?? error.constraint ?? "refused",
      );
    expect(await attempt(`dismissed_at = now()`)).toBe("transaction_rows_unread_dismissal_complete");
    expect(await attempt(`dismissed_at = now(), dismissed_by_user_id = '${user!.id}'`)).toBe("transaction_rows_unread_dismissal_complete");
    expect(await attempt(`dismissal_reason = 'why'`)).toBe("transaction_rows_unread_dismissal_complete");
    expect(await attempt(`dismissed_at = now(), dismissed_by_user_id = '${user!.id}', dismissal_reason = 'why'`)).toBe("written");
  });

  it("lists open and dismissed entries through their own indexes, in list order, without a sort", async () => {
    // An account's history of unreadable rows as the list meets it: most read later (resolved), 5000 still open and
    // 5000 dismissed, as "Dismiss all" leaves them, so both lists run to many pages. (With a page or two dismissed
    // among many resolved, the planner underestimates the rows after a cursor and sorting them all looks as cheap.)
    await db().execute(sql`
      insert into transaction_rows_unread (provider_account_id, provider_transaction_id, reason_key, reason, first_seen_at, last_seen_at, resolved_at, dismissed_at, dismissed_by_user_id, dismissal_reason)
      select ${accountId}::uuid, 'plan-' || n, md5(n::text), 'plan reason', now() - n * interval '1 minute', now(),
        case when n % 4 = 0 then null else now() end,
        case when n % 8 = 0 then now() - n * interval '1 second' else null end,
        case when n % 8 = 0 then (select id from users limit 1) else null end,
        case when n % 8 = 0 then 'known bad row' else null end
      from generate_series(1, 40000) as n`);
    // Vacuumed as well as analysed, every table the lists join, so the plans do not hang on whether autovacuum reached them yet.
    await db().execute(sql`vacuum analyze transaction_rows_unread, users`);
    // The first page of each list, and the next, after the first page's last row (the page's limit + 1 rows, as listUnreadEntries reads).
    const limit = UNREAD_ENTRIES_PAGE_SIZE + 1;
    const after = async (state: "open" | "dismissed") => {
      const last = (await listUnreadEntriesQuery(db(), { providerAccountId: accountId, state, limit }))[UNREAD_ENTRIES_PAGE_SIZE - 1]!;
      return { sortKey: last.sortKey, id: last.id };
    };
    const [afterOpen, afterDismissed] = [await after("open"), await after("dismissed")];
    const plans = [
      [openUnreadRowsQuery(db(), { providerAccountId: accountId, limit: 3 }).toSQL(), "transaction_rows_unread_open_idx"],
      [listUnreadEntriesQuery(db(), { providerAccountId: accountId, state: "open", limit }).toSQL(), "transaction_rows_unread_open_idx"],
      [listUnreadEntriesQuery(db(), { providerAccountId: accountId, state: "open", after: afterOpen, limit }).toSQL(), "transaction_rows_unread_open_idx"],
      [listUnreadEntriesQuery(db(), { providerAccountId: accountId, state: "dismissed", limit }).toSQL(), "transaction_rows_unread_dismissed_idx"],
      [listUnreadEntriesQuery(db(), { providerAccountId: accountId, state: "dismissed", after: afterDismissed, limit }).toSQL(), "transaction_rows_unread_dismissed_idx"],
    ] as const;
    for (const [query, index] of plans) {
      const result = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${query.sql}`, query.params as unknown[]);
      const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
      expect(nodes.map((node) => node["Node Type"]), query.sql).not.toContain("Sort");
      expect(nodes.filter((node) => node["Relation Name"] === "transaction_rows_unread").map((node) => node["Index Name"]), query.sql).toEqual([index]);
      expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "transaction_rows_unread"), query.sql).toEqual([]);
    }
    // "Dismiss all"'s ids: read through the open index alone; the planner may sort them, at most one call's limit.
    const ids = openEntriesQuery(db(), { providerAccountId: accountId, limit: 500 }).toSQL();
    const idNodes = planNodes((await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${ids.sql}`, ids.params as unknown[])).rows[0]!["QUERY PLAN"]);
    expect(idNodes.flatMap((node) => (node["Index Name"] ? [node["Index Name"]] : [])), ids.sql).toEqual(["transaction_rows_unread_open_idx"]);
    expect(idNodes.filter((node) => node["Node Type"] === "Seq Scan"), ids.sql).toEqual([]);
    await db().execute(sql`delete from transaction_rows_unread where provider_transaction_id like 'plan-%'`);
  });
});
