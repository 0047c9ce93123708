import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { record } from "@/lib/audit/record";
import { verifyAuditChain } from "@/lib/audit/verify";
import { withTestDatabase } from "@/test/database";
import { ensureLoginRole, grantAppRole } from "./app-role";

const database = withTestDatabase();
const role = `cardhub_app_${randomBytes(4).toString("hex")}`;
let app: ReturnType<typeof createDb>;
let owner: ReturnType<typeof createDb>;

const context = { organizationId: null, actorUserId: null, actorEmail: "app@demo.test", actorRoles: [], ip: null, userAgent: null };
const refused = { cause: { message: expect.stringMatching(/permission denied|must be owner/) } };

beforeAll(async () => {
  owner = createDb(database.url(), 1);
  const appUrl = await ensureLoginRole(owner.pool, { ownerUrl: database.url(), role, password: randomBytes(12).toString("hex") });
  await grantAppRole(owner.pool, role);
  app = createDb(appUrl, 2);
});

afterAll(async () => {
  await app?.pool.end();
  await owner.pool.query(`drop owned by "${role}"`);
  await owner.pool.query(`drop role if exists "${role}"`);
  await owner.pool.end();
});

describe("the application's database role", () => {
  it("appends to and reads the audit log", async () => {
    await record(app.db, context, { action: "card.frozen", targetType: "card", targetId: "c-1" });
    await record(app.db, context, { action: "card.unfrozen", targetType: "card", targetId: "c-1" });
    await expect(verifyAuditChain(app.db, { key: process.env.AUDIT_HMAC_KEY! })).resolves.toMatchObject({ ok: true, checked: 2 });
  });

  it("cannot update, delete, truncate, disable the trigger on or drop the audit log", async () => {
    await expect(app.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`alter table audit_log disable trigger all`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`update audit_log set target_id = 'x'`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`delete from audit_log`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`truncate audit_log`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`drop table audit_log`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`create schema shadow`)).rejects.toMatchObject(refused);
  });

  it("reads the installation operators but can never make anyone one", async () => {
    await expect(app.db.execute(sql`select count(*)::int as n from system_operators`)).resolves.toMatchObject({ rows: [{ n: 0 }] });
    const [someone] = (await owner.db.execute<{ id: string }>(sql`select id from users limit 1`)).rows;
    const userId = someone?.id ?? "00000000-0000-4000-8000-000000000001";
    await expect(app.db.execute(sql`insert into system_operators (user_id, granted_by) values (${userId}, 'app')`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`update system_operators set granted_by = 'app'`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`delete from system_operators`)).rejects.toMatchObject(refused);
    await expect(app.db.execute(sql`truncate system_operators`)).rejects.toMatchObject(refused);
  });

  it("still reads and writes the product's own tables", async () => {
    await app.db.execute(sql`insert into rate_limit_hits (bucket, key) values ('test', 'k')`);
    await app.db.execute(sql`delete from rate_limit_hits where bucket = 'test'`);
    const rows = await app.db.execute(sql`select count(*)::int as n from users`);
    expect(rows.rows[0]).toMatchObject({ n: expect.any(Number) });
  });
});
