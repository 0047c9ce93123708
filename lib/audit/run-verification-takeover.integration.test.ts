import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { auditVerifications } from "@/db/schema/audit-verifications";
import { withTestDatabase } from "@/test/database";
import { pausePoint } from "@/test/pause-point";
import { outsideDailyFullSlot } from "@/test/outside-daily-full-slot";

const progress = vi.hoisted(() => ({ point: null as null | { reach: () => Promise<void> } }));
// Holds a walk between two batches, where a worker that stalls or dies stops writing.
vi.mock("./verify", async (importOriginal) => {
  const real = await importOriginal<typeof import("./verify")>();
  return {
    ...real,
    verifyAuditChain: (db: Parameters<typeof real.verifyAuditChain>[0], options: Parameters<typeof real.verifyAuditChain>[1]) =>
      real.verifyAuditChain(db, {
        ...options,
        onProgress: async (checked) => {
          await progress.point?.reach();
          await options.onProgress?.(checked);
        },
      }),
  };
});

const { record } = await import("./record");
const { requestVerification, runVerification, SCHEDULED_VERIFICATION_CONTEXT } = await import("./run-verification");
const { verifyAuditChainJob } = await import("@/lib/jobs/verify-audit-chain-job");

const database = withTestDatabase();
outsideDailyFullSlot();
const context = { organizationId: null, actorUserId: null, actorEmail: "finance@demo.test", actorRoles: ["finance"], ip: null, userAgent: "vitest" };

beforeAll(async () => {
  for (let index = 0; index < 3; index += 1) await record(database.db(), context, { action: "card.frozen", targetType: "card", targetId: `card-${index}` });
});

describe("a run whose worker stalls", () => {
  it("is left alone while it writes, then taken over: the stalled worker stops at its next batch and records nothing", async () => {
    const db = database.db();
    const point = pausePoint();
    progress.point = point;
    const { verification } = await requestVerification(db, context, { kind: "full", requestedByUserId: null });
    const held = point.arm();
    const stalled = runVerification(db, verification.id, { key: process.env.AUDIT_HMAC_KEY!, anchorDir: null }, SCHEDULED_VERIFICATION_CONTEXT);
    await held.reached;

    // Its worker wrote a moment ago: the schedule does not start a second walk.
    await verifyAuditChainJob.run({}, db);
    expect(await db.select({ id: auditVerifications.id }).from(auditVerifications)).toHaveLength(1);

    // Silent for 11 minutes: closed, and a new run walks the chain.
    await db.update(auditVerifications).set({ heartbeatAt: sql`clock_timestamp() - interval '11 minutes'` }).where(eq(auditVerifications.id, verification.id));
    await verifyAuditChainJob.run({}, db);
    held.release();
    const stalledRun = await stalled;

    expect(stalledRun).toMatchObject({ id: verification.id, status: "failed", reason: "the worker stopped during the run" });
    const runs = await db.select().from(auditVerifications).orderBy(asc(auditVerifications.requestedAt));
    expect(runs.map((run) => [run.id === verification.id, run.status])).toEqual([
      [true, "failed"],
      [false, "intact"],
    ]);
    const outcomes = await db.select().from(auditLog).where(eq(auditLog.action, "audit.verified"));
    expect(outcomes).toEqual([expect.objectContaining({ targetId: runs[1]!.id, outcome: "success" })]);
  });

  it("at the day's full slot, queues a full pass behind the walk in progress instead of skipping the day's", async () => {
    const db = database.db();
    await db.delete(auditVerifications);
    const point = pausePoint();
    progress.point = point;
    const { verification } = await requestVerification(db, context, { kind: "incremental", requestedByUserId: null });
    const held = point.arm();
    const walking = runVerification(db, verification.id, { key: process.env.AUDIT_HMAC_KEY!, anchorDir: null }, SCHEDULED_VERIFICATION_CONTEXT);
    await held.reached;

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-12-03T00:00:30Z"));
      await verifyAuditChainJob.run({}, db);
    } finally {
      vi.useRealTimers();
    }
    const waiting = await db.select().from(auditVerifications).where(eq(auditVerifications.status, "queued"));
    expect(waiting).toMatchObject([{ kind: "full" }]);

    progress.point = null;
    held.release();
    expect(await walking).toMatchObject({ id: verification.id, status: "intact" });
    // The next scheduled run, whatever its time, runs the queued full pass.
    await verifyAuditChainJob.run({}, db);
    expect(await db.select({ kind: auditVerifications.kind, status: auditVerifications.status }).from(auditVerifications).where(eq(auditVerifications.id, waiting[0]!.id))).toEqual([{ kind: "full", status: "intact" }]);
  });
});
