import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { auditContextFor } from "@/lib/auth/session-user";
import { createOrganizationWithAdmin } from "@/lib/organizations/create-organization";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";
import { requestVerification, runVerification } from "./run-verification";
import { seedDemoActors, type DemoActors } from "./test-actors";

/**
 * The chain spans the whole installation: the audit.verified row a member's run leaves in their organisation's log
 * must not carry its row counts, row ids or reason once other organisations share the chain (as the status does not,
 * lib/audit/verification-detail.ts); with one organisation it keeps them.
 */
const database = withTestDatabase();
let actors: DemoActors;

async function runAsFinance(): Promise<Record<string, unknown>> {
  const context = auditContextFor(actors.finance, TEST_META);
  const { verification } = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: actors.finance.id });
  await runVerification(database.db(), verification.id, { key: process.env.AUDIT_HMAC_KEY!, anchorDir: null }, context);
  const [row] = await database
    .db()
    .select({ summary: auditLog.summary, organizationId: auditLog.organizationId })
    .from(auditLog)
    .where(and(eq(auditLog.action, "audit.verified"), eq(auditLog.targetId, verification.id)))
    .orderBy(desc(auditLog.id));
  expect(row?.organizationId).toBe(actors.finance.organizationId);
  return row!.summary as Record<string, unknown>;
}

beforeAll(async () => {
  actors = await seedDemoActors(database.db());
});

describe("the audit.verified row of a member's run", () => {
  it("with one organisation, carries the rows checked", async () => {
    const summary = await runAsFinance();
    expect(summary).toMatchObject({ kind: "full" });
    expect(summary.checked).toBeGreaterThan(0);
  });

  it("with a second organisation, carries the kind and no count, row id or reason", async () => {
    await createOrganizationWithAdmin(database.db(), { actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" }, {
      organizationName: "Other Co",
      adminEmail: "boss@other.test",
      adminName: "Other Boss",
      anotherOrganization: true,
    });
    const summary = await runAsFinance();
    expect(summary).toMatchObject({ kind: "full" });
    for (const key of ["checked", "fromId", "firstBadId", "reason"]) expect(summary).not.toHaveProperty(key);
  });
});
