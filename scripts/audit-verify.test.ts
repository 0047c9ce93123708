import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { asc, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { record } from "@/lib/audit/record";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const run = promisify(execFile);

async function auditVerify(): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-verify.ts"], {
      env: { ...process.env, DATABASE_URL: database.url() },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const context = { organizationId: null, actorUserId: null, actorEmail: "finance@demo.test", actorRoles: ["finance"], ip: null, userAgent: "vitest" };

beforeAll(async () => {
  for (let index = 0; index < 4; index += 1) {
    await record(database.db(), context, { action: "card.topped_up", targetType: "card", targetId: `card-${index}`, summary: { amount: 100 * index } });
  }
});

describe("npm run audit:verify", () => {
  it("exits 0 and says how many rows it checked on an intact chain", async () => {
    const result = await auditVerify();
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining("chain intact, 4 rows checked") });
  });

  it("exits 1 naming the row after one deleted behind the trigger's back", async () => {
    const db = database.db();
    const rows = await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id));
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`delete from audit_log where id = ${rows[1]!.id}`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const result = await auditVerify();
    expect(result.stderr + result.stdout).toContain("BROKEN");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`chain BROKEN at row ${rows[2]!.id}: does not link to the row before it`);
  });
});
