import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { record } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { createBoss } from "@/lib/jobs/boss";
import { createJobQueue } from "@/lib/jobs/job-queue";
import { withTestDatabase } from "@/test/database";
import { ensureLoginRole } from "./app-role";
import { prepareDatabase } from "./prepare-database";

/**
 * Review audit41 finding 1: whoever holds the app's database login may set that role's own session defaults
 * (ALTER ROLE <self> SET …). The app's connections must keep reading and writing public.audit_log, the table whose
 * trigger and grants protect history, whatever default the role was given.
 */
const database = withTestDatabase();
const role = `cardhub_app_${randomBytes(4).toString("hex")}`;
const QUEUE = "test.session-settings";
let appUrl = "";
let owner: ReturnType<typeof createDb>;
const opened: ReturnType<typeof createDb>[] = [];
const key = () => process.env.AUDIT_HMAC_KEY!;
const context = { organizationId: null, actorUserId: null, actorEmail: "finance@demo.test", actorRoles: ["finance"], ip: null, userAgent: "vitest" };
const refused = { cause: { message: expect.stringMatching(/permission denied/) } };

/** The attacker's own tool: a plain client on the app's login, nothing of Cardhub's. */
async function asAttacker(statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function appConnection(): ReturnType<typeof createDb> {
  const connection = createDb(appUrl, 2);
  opened.push(connection);
  return connection;
}

const publicRows = async () => ((await owner.pool.query("select count(*)::int as n from public.audit_log")).rows[0] as { n: number }).n;

beforeAll(async () => {
  owner = createDb(database.url(), 1);
  appUrl = await ensureLoginRole(owner.pool, { ownerUrl: database.url(), role, password: randomBytes(12).toString("hex") });
  // As `npm run db:migrate` does: pg-boss's schema and the queues as the owner, then the app role's grants.
  await prepareDatabase({ ownerUrl: database.url(), appUrl, queues: [{ name: QUEUE }] });
});

afterAll(async () => {
  for (const connection of opened) await connection.pool.end();
  await owner.pool.query(`drop owned by "${role}" cascade`);
  await owner.pool.query(`drop role if exists "${role}"`);
  await owner.pool.end();
});

describe("the app role's session settings", () => {
  it("gives the app role no CREATE in pg-boss's schema, where it could place a table of its own", async () => {
    await expect(asAttacker(["create table pgboss.cardhub_shadow (id int)"])).rejects.toMatchObject({ message: expect.stringMatching(/permission denied/) });
  });

  it("keeps the app on public.audit_log when the role's own search_path points at a copy it controls", async () => {
    const before = createDb(appUrl, 1);
    for (let index = 0; index < 3; index += 1) await record(before.db, context, { action: "card.frozen", targetType: "card", targetId: `c-${index}` });
    await before.pool.end();

    // A database still carrying the grant every earlier release gave (CREATE on pgboss) until the owner migrates again:
    // the attack of the review, with nothing but the app's login.
    await owner.pool.query(`grant create on schema pgboss to "${role}"`);
    await asAttacker([
      "create table pgboss.audit_log (like public.audit_log including defaults including constraints)",
      "insert into pgboss.audit_log select * from public.audit_log",
      `alter role "${role}" set search_path = pgboss, public`,
    ]);

    const app = appConnection();
    expect((await app.pool.query("show search_path")).rows).toEqual([{ search_path: "public" }]);
    // Nor through options written into DATABASE_URL itself: the pinned one comes last and wins.
    const url = new URL(appUrl);
    url.searchParams.set("options", "-c search_path=pgboss");
    const fromUrl = createDb(url.toString(), 1);
    opened.push(fromUrl);
    expect((await fromUrl.pool.query("show search_path")).rows).toEqual([{ search_path: "public" }]);

    const publicBefore = await publicRows();
    await record(app.db, { ...context, actorEmail: "insider@demo.test" }, { action: "card.revealed", targetType: "card", targetId: "c-secret" });
    expect(await publicRows()).toBe(publicBefore + 1);
    const copy = (await owner.pool.query("select action from pgboss.audit_log order by id")).rows.map((row: { action: string }) => row.action);
    expect(copy).toEqual(["card.frozen", "card.frozen", "card.frozen"]);
    // Unqualified, as every query of the app's is: still the protected table.
    await expect(app.db.execute(sql`delete from audit_log where action = 'card.revealed'`)).rejects.toMatchObject(refused);

    // The copy is the attacker's to edit; the app's verification never reads it.
    await asAttacker(["delete from pgboss.audit_log where target_id = 'c-1'"]);
    await expect(verifyAuditChain(app.db, { key: key() })).resolves.toMatchObject({ ok: true, checked: publicBefore + 1 });

    // A row changed in the protected table (only a superuser could) is named by the app's verification.
    const { id } = (await owner.pool.query("select id::text as id from public.audit_log where target_id = 'c-1'")).rows[0] as { id: string };
    await owner.pool.query("alter table public.audit_log disable trigger user");
    await owner.pool.query("update public.audit_log set target_id = 'c-9' where target_id = 'c-1'");
    await owner.pool.query("alter table public.audit_log enable trigger user");
    await expect(verifyAuditChain(app.db, { key: key() })).resolves.toMatchObject({ ok: false, firstBadId: id });
  });

  it("runs pg-boss as the app role, on pg-boss's own schema, with neither CREATE nor the role's search_path", async () => {
    await owner.pool.query(`revoke create on schema pgboss from "${role}"`);
    await asAttacker([`alter role "${role}" set search_path = pgboss, public`]);
    const boss = createBoss(appUrl, { supervise: false, schedule: false });
    await boss.start();
    try {
      expect((await boss.getDb().executeSql("show search_path", [])).rows).toEqual([{ search_path: "public" }]);
      // What the worker does at start and between runs (lib/jobs/worker.ts, pg-boss's maintenance).
      await createJobQueue(boss, { name: QUEUE });
      await boss.schedule(QUEUE, "* * * * *", {});
      const id = await boss.send(QUEUE, { n: 1 });
      const [job] = await boss.fetch(QUEUE);
      expect(job?.id).toBe(id);
      await boss.complete(QUEUE, job!.id);
      await boss.maintain();
      await expect(boss.getQueueSize(QUEUE)).resolves.toBe(0);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
