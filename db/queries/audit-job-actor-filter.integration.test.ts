/**
 * The audit page's Actor filter finds a job by the words the log shows it in ("Card sync (job)", or part of them), as
 * it finds a person by name, and by its recorded name (job:cards.sync, what a click on the actor sets), each through
 * the actor index in list order. From review audit41, finding 3.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import type { AuditFilters } from "@/lib/audit/filters";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { explainAll, recordingDb } from "@/scripts/bench/measure";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { listAuditEvents } from "./audit";

const database = withTestDatabase();
const ROWS = 20_000;
const PAGE = 50;
let actors: DemoActors;

function scopeOf(user: SessionUser) {
  const visibility = visibilityFor(user, "audit.view");
  if (!visibility) throw new Error(`${user.email} cannot view the audit log`);
  return { organizationId: user.organizationId, visibility };
}

const list = async (user: SessionUser, filters: AuditFilters) => (await listAuditEvents(database.db(), { ...scopeOf(user), filters, limit: PAGE })).rows;
const actorsOf = async (user: SessionUser, actor: string) => new Set((await list(user, { actor })).map((row) => row.actorEmail));

beforeAll(async () => {
  actors = await seedDemoActors(database.db());
  const { finance, manager } = actors;
  const team = manager.managedTeamIds[0]!;
  // Finance's own actions, and one row in ten by the card sync, one in fifty by the request executor, over 90 days;
  // one in four tagged with the manager's team.
  await database.db().execute(sql`insert into audit_log (occurred_at, organization_id, actor_user_id, actor_email, actor_roles, action, outcome,
      target_type, target_id, team_id, ip, user_agent, summary, prev_hash, hash)
    select date_trunc('milliseconds', now() - make_interval(secs => (${ROWS} - g) * (7776000.0 / ${ROWS}))), ${finance.organizationId}::uuid,
      case when g % 10 = 0 or g % 50 = 1 then null else ${finance.id}::uuid end,
      case when g % 10 = 0 then 'job:cards.sync' when g % 50 = 1 then 'job:requests.execute' else ${finance.email} end,
      case when g % 10 = 0 or g % 50 = 1 then array[]::text[] else array['finance'] end,
      case when g % 10 = 0 then 'card.imported' when g % 50 = 1 then 'request.executed' else 'card.frozen' end,
      'success', 'card', 'card-' || g, case when g % 4 = 0 then ${team}::uuid end, null, 'cardhub-worker', '{}'::jsonb, '', ''
    from generate_series(1, ${ROWS}) g order by g`);
  // The organisation's other people, as many as a company whose log is this long has: the Actor filter's person branch
  // reads them.
  await database.db().execute(sql`insert into users (organization_id, email, name, password_hash)
    select ${finance.organizationId}::uuid, 'person' || g || '@plan.test', 'Person ' || g, 'x' from generate_series(1, 1000) g`);
  // Vacuumed as well as analysed, every table the page reads, so the plans do not hang on whether autovacuum reached
  // them yet.
  await database.db().execute(sql`vacuum analyze audit_log, users`);
}, 120_000);

describe("the Actor filter and jobs", () => {
  it("finds a job by the words the log shows, in part or whole, and by its recorded name", async () => {
    for (const typed of ["Card sync", "card SYNC (job)", "Card sync (job)", "job:cards.sync", "JOB:CARDS.SYNC"]) {
      expect(await actorsOf(actors.auditor, typed), typed).toEqual(new Set(["job:cards.sync"]));
    }
    expect(await actorsOf(actors.auditor, "request execution")).toEqual(new Set(["job:requests.execute"]));
    expect((await list(actors.auditor, { actor: "Card sync" })).length).toBe(PAGE);
  });

  it("finds every job whose words hold the text, and a person as before; '(job)' alone names none", async () => {
    expect(await actorsOf(actors.auditor, "execution")).toEqual(new Set(["job:requests.execute"]));
    expect(await actorsOf(actors.auditor, "Fiona")).toEqual(new Set([actors.finance.email]));
    expect(await actorsOf(actors.auditor, "(job)")).toEqual(new Set());
  });

  it("keeps a manager to their team's rows: a job's rows tagged with another team stay out", async () => {
    const rows = await list(actors.manager, { actor: "card sync" });
    expect(rows.length).toBe(PAGE);
    expect(new Set(rows.map((row) => row.teamId))).toEqual(new Set([actors.manager.managedTeamIds[0]]));
  });

  it("walks an index in list order for each job it matches, for every scope, a page at a time", async () => {
    const { pool } = getConnection();
    const recorder = recordingDb(pool);
    const cases = [
      { actor: "card sync", jobs: ["job:cards.sync"] },
      { actor: "execution", jobs: ["job:requests.execute", "job:requests.sweep"] },
      { actor: "job:cards.sync", jobs: ["job:cards.sync"] },
      // A person, by part of their name or email: their rows through the actor index too, not the whole log sorted.
      { actor: actors.finance.name!.split(" ")[0]!, jobs: [] },
      { actor: actors.finance.email, jobs: [] },
    ];
    for (const user of [actors.auditor, actors.manager]) {
      const visibilityBranches = user === actors.manager ? 1 + actors.manager.managedTeamIds.length : 1;
      for (const { actor, jobs } of cases) {
        const statements = await recorder.record(() => listAuditEvents(recorder.db, { ...scopeOf(user), filters: { actor }, limit: PAGE }));
        const name = `${user.email} / ${actor}`;
        // Each job's branch is an index scan in list order: the actor index, or for a manager's team the team's index
        // where that is the narrower walk; never a scan of the table or a bitmap of it to sort.
        const jobReads: string[] = [];
        for (const statement of statements) {
          const result = await pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${statement.text}`, statement.params);
          for (const node of planNodes(result.rows[0]!["QUERY PLAN"])) {
            const conditions = `${node["Index Cond"] ?? ""} ${(node as { Filter?: string }).Filter ?? ""}`;
            if (node["Relation Name"] === "audit_log" && /'job:/.test(conditions)) jobReads.push(node["Node Type"]);
          }
        }
        expect(jobReads, name).toEqual(Array(jobs.length * visibilityBranches).fill("Index Scan"));
        const plan = await explainAll(pool, statements, true);
        expect(plan.largestSort ?? 0, `${name}: ${plan.detail}`).toBeLessThanOrEqual(400);
        expect(plan.rowsTouched ?? 0, `${name}: ${plan.detail}`).toBeLessThanOrEqual(600);
      }
    }
  });
});
