import { and, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { auditVerifications } from "@/db/schema/audit-verifications";
import type { SessionUser } from "@/lib/auth/session-user";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
const queued = vi.hoisted(() => [] as { name: string; data: { verificationId?: string } }[]);
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async (name: string, data: { verificationId?: string }) => void queued.push({ name, data }) }));

const { verifyAuditChainAction } = await import("./verify-audit-chain");
const { verifyAuditChainJob } = await import("@/lib/jobs/verify-audit-chain-job");

const database = withTestDatabase();
let actors: DemoActors;

beforeAll(async () => {
  actors = await seedDemoActors(database.db());
});

describe("starting a chain verification", () => {
  it("refuses managers and employees, and records the refusal", async () => {
    for (const user of [actors.manager, actors.employee]) {
      session.user = user;
      expect(await verifyAuditChainAction({})).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const [row] = await database.db().select().from(auditLog).where(and(eq(auditLog.actorUserId, user.id), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1);
      expect(row).toMatchObject({ action: "permission.denied", summary: { permission: "audit.verify" } });
    }
    expect(queued).toEqual([]);
  });

  it("queues one job for finance, auditors and admins, joins a run already queued, and the job finishes it", async () => {
    session.user = actors.auditor;
    const first = await verifyAuditChainAction({ kind: "full" });
    expect(first).toMatchObject({ ok: true, data: { joined: false } });
    for (const user of [actors.finance, actors.admin]) {
      session.user = user;
      expect(await verifyAuditChainAction({})).toMatchObject({ ok: true, data: { joined: true } });
    }
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ name: "audit.verify-chain" });

    await verifyAuditChainJob.run(queued[0]!.data, database.db());
    const [run] = await database.db().select().from(auditVerifications);
    expect(run).toMatchObject({ status: "intact", kind: "full", requestedByUserId: actors.auditor.id });
    const [verified] = await database.db().select().from(auditLog).where(eq(auditLog.action, "audit.verified")).orderBy(desc(auditLog.id)).limit(1);
    expect(verified).toMatchObject({ actorEmail: "auditor@demo.test", organizationId: actors.auditor.organizationId, userAgent: "cardhub-worker", outcome: "success" });
  });

  it("is not swallowed by a 'running' row no worker writes (a crashed run, or one written into the table by hand)", async () => {
    await database.db().execute(sql`insert into audit_verifications (kind, status, requested_at, started_at) values ('full', 'running', now(), now() + interval '50 years')`);
    session.user = actors.finance;
    const result = await verifyAuditChainAction({ kind: "full" });
    expect(result).toMatchObject({ ok: true, data: { joined: false } });
    expect(queued).toHaveLength(2);
    await verifyAuditChainJob.run(queued[1]!.data, database.db());
    const [run] = await database.db().select().from(auditVerifications).where(eq(auditVerifications.requestedByUserId, actors.finance.id));
    expect(run).toMatchObject({ status: "intact", kind: "full" });
  });
});
