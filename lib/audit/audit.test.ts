import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { withTestDatabase } from "@/test/database";
import { record, type AuditContext } from "./record";
import { verifyAuditChain } from "./verify";

const database = withTestDatabase();

const context: AuditContext = {
  organizationId: null,
  actorUserId: null,
  actorEmail: "finance@demo.test",
  actorRoles: ["finance"],
  ip: "127.0.0.1",
  userAgent: "vitest",
};

describe("audit trail", () => {
  it("chains rows, refuses UPDATE and DELETE, and names the first row edited behind the trigger's back", async () => {
    const db = database.db();
    for (let index = 0; index < 5; index += 1) {
      await record(db, context, { action: "card.frozen", targetType: "card", targetId: `card-${index}`, summary: { index } });
    }
    await expect(verifyAuditChain(db, { key: process.env.AUDIT_HMAC_KEY! })).resolves.toMatchObject({ ok: true, checked: 5 });

    const refused = { cause: { message: expect.stringMatching(/append-only/) } };
    await expect(db.execute(sql`update audit_log set action = 'card.unfrozen'`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`delete from audit_log`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`truncate audit_log`)).rejects.toMatchObject(refused);

    const rows = await db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id);
    const third = rows[2]!.id;
    // As the table's owner, switch the trigger off, edit a row and switch it back on: what an insider could do.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`update audit_log set target_id = 'card-x' where id = ${third}`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);

    const result = await verifyAuditChain(db, { key: process.env.AUDIT_HMAC_KEY! });
    expect(result).toMatchObject({ ok: false, firstBadId: third.toString(), checked: 2 });
  });

  it("never stores a card number or secret in a summary", async () => {
    const db = database.db();
    await record(db, context, {
      action: "card.updated",
      summary: { note: "card 4111111111111111 seen", cvv: "123", nested: { password: "x", alias: "Ads" } },
    });
    const [row] = await db.select().from(auditLog).orderBy(sql`id desc`).limit(1);
    const text = JSON.stringify(row!.summary);
    expect(text).not.toContain("4111111111111111");
    expect(text).not.toContain('"123"');
    expect(row!.summary).toMatchObject({ cvv: "[redacted]", nested: { password: "[redacted]", alias: "Ads" } });
  });
});
