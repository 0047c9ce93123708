import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { auditVerifications } from "@/db/schema/audit-verifications";
import { requestVerification, runVerification, SCHEDULED_VERIFICATION_CONTEXT } from "@/lib/audit/run-verification";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import type { SessionUser } from "@/lib/auth/session-user";
import { createOrganizationWithAdmin } from "@/lib/organizations/create-organization";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getPollingUser: async () => session.user }));

const { GET } = await import("./route");

const database = withTestDatabase();
let actors: DemoActors;

/** The counts and row ids of the installation-wide chain. */
const CHAIN_DETAIL = ["rowCount", "totalRows", "checkedRows", "firstBadId", "fromId", "reason"];

async function statusAs(user: SessionUser): Promise<Record<string, unknown>> {
  session.user = user;
  const response = await GET();
  expect(response.status).toBe(200);
  const body = (await response.json()) as { verification: Record<string, unknown> | null };
  return body.verification!;
}

async function fullRun(): Promise<void> {
  const { verification } = await requestVerification(database.db(), SCHEDULED_VERIFICATION_CONTEXT, { kind: "full", requestedByUserId: null });
  await runVerification(database.db(), verification.id, { key: process.env.AUDIT_HMAC_KEY!, anchorDir: null }, SCHEDULED_VERIFICATION_CONTEXT);
}

beforeAll(async () => {
  actors = await seedDemoActors(database.db());
});

describe("GET /audit/verification", () => {
  it("with one organisation, gives its finance, auditors and admins the row counts", async () => {
    await fullRun();
    for (const user of [actors.auditor, actors.finance, actors.admin]) {
      const status = await statusAs(user);
      expect(status).toMatchObject({ status: "intact", kind: "full", detail: "counts" });
      expect(status.rowCount).toBeGreaterThan(0);
      expect(status.checkedRows).toBe(status.rowCount);
    }
  });

  describe("with a second organisation", () => {
    let otherAdmin: SessionUser;

    beforeAll(async () => {
      const created = await createOrganizationWithAdmin(database.db(), { actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" }, {
        organizationName: "Other Co",
        adminEmail: "boss@other.test",
        adminName: "Other Boss",
        anotherOrganization: true,
      });
      otherAdmin = await sessionUserFor(database.db(), "boss@other.test");
      expect(otherAdmin.organizationId).toBe(created.organizationId);
      await fullRun();
    });

    it("gives a member of either organisation the state and the times, and no count", async () => {
      for (const user of [actors.auditor, actors.finance, otherAdmin]) {
        const status = await statusAs(user);
        for (const key of CHAIN_DETAIL) expect(status).not.toHaveProperty(key);
        expect(status).toMatchObject({ status: "intact", kind: "full", detail: "outcome", wholeChain: true });
        expect(typeof status.requestedAt).toBe("string");
        expect(typeof status.finishedAt).toBe("string");
      }
    });

    it("keeps the counts for an installation operator", async () => {
      const status = await statusAs({ ...actors.auditor, systemOperator: true });
      expect(status).toMatchObject({ status: "intact", detail: "counts" });
      expect(status.rowCount).toBeGreaterThan(0);
    });

    it("shows a run in progress without its progress in rows", async () => {
      const [running] = await database
        .db()
        .insert(auditVerifications)
        .values({ kind: "incremental", status: "running", requestedAt: new Date(), startedAt: new Date(), heartbeatAt: new Date(), checkedRows: 3, totalRows: 9 })
        .returning();
      try {
        const status = await statusAs(actors.auditor);
        for (const key of CHAIN_DETAIL) expect(status).not.toHaveProperty(key);
        expect(status).toMatchObject({ id: running!.id, status: "running", detail: "outcome" });
      } finally {
        await database.db().delete(auditVerifications).where(eq(auditVerifications.id, running!.id));
      }
    });

    it("says a broken chain is broken without naming the other organisation's row", async () => {
      const [tampered] = await database.db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.organizationId, otherAdmin.organizationId)).orderBy(asc(auditLog.id)).limit(1);
      // As the table's owner, with the trigger off: what an insider with database access can do.
      await database.db().execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      try {
        await database.db().execute(sql`update audit_log set user_agent = 'edited' where id = ${tampered!.id}`);
      } finally {
        await database.db().execute(sql`alter table audit_log enable trigger audit_log_no_update`);
      }
      await fullRun();

      const seen = await statusAs(actors.auditor);
      expect(Object.values(seen)).not.toContain(tampered!.id.toString());
      for (const key of CHAIN_DETAIL) expect(seen).not.toHaveProperty(key);
      expect(seen).toMatchObject({ status: "broken", detail: "outcome" });

      expect(await statusAs({ ...actors.auditor, systemOperator: true })).toMatchObject({ status: "broken", detail: "counts", firstBadId: tampered!.id.toString() });
    });
  });
});
