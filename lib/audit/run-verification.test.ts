import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { authenticate } from "@/lib/auth/authenticate";
import { withTestDatabase } from "@/test/database";
import { exportAuditCsv } from "./export";
import { record } from "./record";
import { verifyAndRecord } from "./run-verification";
import { contextOf, seedDemoActors, type DemoActors } from "./test-actors";
import { verifyAuditChain } from "./verify";

const database = withTestDatabase();
let actors: DemoActors;
const meta = { ip: "198.51.100.20", userAgent: "Mozilla/5.0 (realistic run)" };

async function rowCount(): Promise<number> {
  const [row] = await database.db().select({ value: count() }).from(auditLog);
  return row!.value;
}

/** A morning's activity through the real entry points: sign-ins, failures, card changes, a denial, exports. */
async function realisticRun(): Promise<void> {
  const db = database.db();
  await authenticate(db, { email: "employee@demo.test", password: "demo-password", meta });
  await authenticate(db, { email: "employee@demo.test", password: "wrong", meta });
  await authenticate(db, { email: "ghost@nowhere.test", password: "x", meta });
  await authenticate(db, { email: "finance@demo.test", password: "demo-password", meta });
  const operations = actors.manager.managedTeamIds[0]!;
  await db.transaction(async (tx) => {
    await record(tx, contextOf(actors.finance), { action: "card.issued", targetType: "card", targetId: "card-ops-1", teamId: operations, summary: { alias: "Travel", limit: 50_000n } });
    await record(tx, contextOf(actors.finance), { action: "order.created", targetType: "order", targetId: "CH-1", teamId: operations });
  });
  await record(db, contextOf(actors.employee), { action: "card.frozen", targetType: "card", targetId: "card-ops-1", teamId: operations });
  await record(db, contextOf(actors.auditor), { action: "permission.denied", outcome: "denied", summary: { permission: "card.freeze" } });
  for (const user of [actors.auditor, actors.manager]) {
    const response = await exportAuditCsv(db, { user, meta, searchParams: new URLSearchParams("targetType=card") });
    await response.text();
  }
}

beforeAll(async () => {
  actors = await seedDemoActors(database.db());
  await realisticRun();
});

describe("audit chain after a realistic run", () => {
  it("verifies every row and records that it checked", async () => {
    const before = await rowCount();
    expect(before).toBeGreaterThanOrEqual(10);
    const result = await verifyAndRecord(database.db(), contextOf(actors.auditor));
    expect(result).toMatchObject({ ok: true, checked: before });
    const [last] = await database.db().select().from(auditLog).orderBy(sql`id desc`).limit(1);
    expect(last).toMatchObject({ action: "audit.verified", outcome: "success", actorEmail: "auditor@demo.test", summary: { checked: before } });
    await expect(verifyAuditChain(database.db(), { key: process.env.AUDIT_HMAC_KEY! })).resolves.toMatchObject({ ok: true, checked: before + 1 });
  });

  it("names the sign-in row whose recorded roles were edited behind the trigger's back, and records the failure", async () => {
    const db = database.db();
    const [signIn] = await db.select().from(auditLog).where(eq(auditLog.action, "auth.signed_in")).orderBy(auditLog.id).limit(1);
    expect(signIn).toMatchObject({ actorEmail: "employee@demo.test", actorRoles: ["employee"] });
    // The database owner can switch the trigger off; the chain still gives the edit away.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`update audit_log set actor_roles = '{admin}' where id = ${signIn!.id}`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);

    const result = await verifyAndRecord(db, contextOf(actors.auditor));
    expect(result).toMatchObject({ ok: false, firstBadId: signIn!.id.toString(), reason: "content does not match its hash" });
    const [last] = await db.select().from(auditLog).orderBy(sql`id desc`).limit(1);
    expect(last).toMatchObject({ action: "audit.verified", outcome: "failure", summary: { firstBadId: signIn!.id.toString() } });
  });
});
