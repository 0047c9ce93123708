import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@/db/queries/audit";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { installationAuditScope } from "@/lib/audit/installation-scope";
import { record } from "@/lib/audit/record";
import { visibilityFor } from "@/lib/auth/permissions";
import { sessionUserFor } from "@/test/session-user";
import { withTestDatabase } from "@/test/database";
import { grantSystemOperator, listSystemOperators, revokeSystemOperator } from "./system-operators";

const { db } = withTestDatabase();
const cli = { actorUserId: null, actorEmail: "cli:root", actorRoles: ["operator"], ip: null, userAgent: "test" };
const unknownAttempt = { organizationId: null, actorUserId: null, actorEmail: "ghost@nowhere.test", actorRoles: [], ip: "198.51.100.9", userAgent: "curl/8" };

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  await record(db(), unknownAttempt, { action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "unknown_email" } });
});

async function installationRowsFor(email: string) {
  const user = await sessionUserFor(db(), email);
  const scope = installationAuditScope(user, visibilityFor(user, "audit.view"));
  if (!scope) return null;
  const page = await listAuditEvents(db(), { ...scope, filters: {}, limit: 50 });
  return page.rows;
}

describe("installation operators and the audit rows of no organisation", () => {
  it("nobody reads organisation-less rows until the owner grants it; the organisation's own log never shows them", async () => {
    for (const email of ["admin@demo.test", "auditor@demo.test", "finance@demo.test", "manager@demo.test"]) {
      expect(await installationRowsFor(email)).toBeNull();
      const user = await sessionUserFor(db(), email);
      const visibility = visibilityFor(user, "audit.view")!;
      const page = await listAuditEvents(db(), { organizationId: user.organizationId, visibility, filters: {}, limit: 200 });
      expect(page.rows.map((row) => row.actorEmail)).not.toContain("ghost@nowhere.test");
    }
  });

  it("a granted operator with an organisation-wide audit role reads exactly the rows of no organisation; the grant is audited", async () => {
    await expect(grantSystemOperator(db(), cli, { email: "Auditor@demo.test" })).resolves.toEqual({ ok: true, changed: true });
    await expect(grantSystemOperator(db(), cli, { email: "auditor@demo.test" })).resolves.toEqual({ ok: true, changed: false });
    const rows = await installationRowsFor("auditor@demo.test");
    expect(rows?.map((row) => row.actorEmail)).toEqual(["ghost@nowhere.test"]);
    expect(rows?.[0]).toMatchObject({ ip: "198.51.100.9", action: "auth.sign_in_failed" });
    const granted = await db().select().from(auditLog).where(eq(auditLog.action, "system_operator.granted"));
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({ actorEmail: "cli:root", targetType: "user" });
    expect(granted[0]!.organizationId).not.toBeNull();
    expect((await listSystemOperators(db())).map((row) => row.email)).toEqual(["auditor@demo.test"]);
  });

  it("a manager who is an operator still reads no installation rows (their audit view is their teams only)", async () => {
    await grantSystemOperator(db(), cli, { email: "manager@demo.test" });
    expect(await installationRowsFor("manager@demo.test")).toBeNull();
  });

  it("revoking ends it on the next request, and an unknown email is refused", async () => {
    await expect(revokeSystemOperator(db(), cli, { email: "auditor@demo.test" })).resolves.toEqual({ ok: true, changed: true });
    expect(await installationRowsFor("auditor@demo.test")).toBeNull();
    await expect(grantSystemOperator(db(), cli, { email: "nobody@demo.test" })).resolves.toMatchObject({ ok: false });
  });
});
