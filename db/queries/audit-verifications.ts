import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { auditVerifications } from "@/db/schema/audit-verifications";

export type AuditVerificationRow = typeof auditVerifications.$inferSelect;

export async function createVerification(db: DbOrTx, params: { kind: "incremental" | "full"; requestedByUserId: string | null }): Promise<AuditVerificationRow> {
  const [row] = await db.insert(auditVerifications).values(params).returning();
  return row!;
}

/**
 * A run that is queued or running, a running one first: a second request joins it instead of starting another walk
 * of the chain. Close dead runs first (failDeadVerifications), or a crashed worker's row is joined for good.
 */
export async function findActiveVerification(db: DbOrTx): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .select()
    .from(auditVerifications)
    .where(inArray(auditVerifications.status, ["queued", "running"]))
    .orderBy(sql`(${auditVerifications.status} = 'running') desc`, sql`${auditVerifications.requestedAt} desc nulls first`, sql`${auditVerifications.id} desc nulls first`)
    .limit(1);
  return row ?? null;
}

/** A run waiting for a worker, if any (at most one is queued: requests join it). */
export async function findQueuedVerification(db: DbOrTx): Promise<AuditVerificationRow | null> {
  const [row] = await db.select().from(auditVerifications).where(eq(auditVerifications.status, "queued")).orderBy(sql`${auditVerifications.requestedAt} desc nulls first`).limit(1);
  return row ?? null;
}

/** The newest run; a row requested in the future was not written by this app and is not shown as the newest. */
export async function latestVerification(db: DbOrTx): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .select()
    .from(auditVerifications)
    .where(sql`${auditVerifications.requestedAt} <= clock_timestamp() + interval '1 minute'`)
    .orderBy(sql`${auditVerifications.requestedAt} desc nulls first`, sql`${auditVerifications.id} desc nulls first`)
    .limit(1);
  return row ?? null;
}

export async function findVerification(db: DbOrTx, id: string): Promise<AuditVerificationRow | null> {
  const [row] = await db.select().from(auditVerifications).where(eq(auditVerifications.id, id)).limit(1);
  return row ?? null;
}

/** The newest run that found the chain intact (optionally only full runs); a run dated after `notAfter` does not count. */
export async function lastIntactVerification(db: DbOrTx, params: { fullOnly: boolean; notAfter?: Date }): Promise<AuditVerificationRow | null> {
  const notAfter = params.notAfter ?? new Date();
  const [row] = await db
    .select()
    .from(auditVerifications)
    .where(
      and(
        eq(auditVerifications.status, "intact"),
        params.fullOnly ? eq(auditVerifications.kind, "full") : undefined,
        lte(auditVerifications.requestedAt, notAfter),
        lte(auditVerifications.finishedAt, notAfter),
      ),
    )
    .orderBy(sql`${auditVerifications.requestedAt} desc nulls first`, sql`${auditVerifications.id} desc nulls first`)
    .limit(1);
  return row ?? null;
}

/**
 * Writes a run's progress or outcome only while it is still running, and marks the worker alive (the database's clock).
 * False when the run was closed meanwhile (failDeadVerifications): its worker must stop walking.
 */
export async function updateRunningVerification(db: DbOrTx, id: string, values: Partial<Omit<AuditVerificationRow, "id" | "heartbeatAt">>): Promise<boolean> {
  const rows = await db
    .update(auditVerifications)
    .set({ ...values, heartbeatAt: sql`clock_timestamp()` })
    .where(and(eq(auditVerifications.id, id), eq(auditVerifications.status, "running")))
    .returning({ id: auditVerifications.id });
  return rows.length > 0;
}

/**
 * Closes every "running" run without a recent sign of life: its worker died, or the row was written by hand (a time in
 * the future is not believed). A worker that was only slow finds its run closed at its next batch and stops.
 */
export async function failDeadVerifications(db: DbOrTx, deadAfterMinutes: number): Promise<string[]> {
  const alive = sql`coalesce(${auditVerifications.heartbeatAt}, ${auditVerifications.startedAt})`;
  const rows = await db
    .update(auditVerifications)
    .set({ status: "failed", finishedAt: sql`clock_timestamp()`, reason: "the worker stopped during the run" })
    .where(
      and(
        eq(auditVerifications.status, "running"),
        sql`(${alive} is null or ${alive} < clock_timestamp() - make_interval(mins => ${deadAfterMinutes}) or ${alive} > clock_timestamp() + interval '1 minute')`,
      ),
    )
    .returning({ id: auditVerifications.id });
  return rows.map((row) => row.id);
}

/** Runs a queued incremental run as a full one (asked for a full run while it waited): it only checks more. */
export async function upgradeQueuedToFull(db: DbOrTx, id: string): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .update(auditVerifications)
    .set({ kind: "full" })
    .where(and(eq(auditVerifications.id, id), eq(auditVerifications.status, "queued")))
    .returning();
  return row ?? null;
}

/**
 * Takes a queued run for this worker: of two workers handed the same run (its own job and the schedule's rescue of a
 * run whose job looked lost), only one gets it back.
 */
export async function claimQueuedVerification(db: DbOrTx, id: string, startedAt: Date): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .update(auditVerifications)
    .set({ status: "running", startedAt, heartbeatAt: sql`clock_timestamp()`, checkedRows: 0 })
    .where(and(eq(auditVerifications.id, id), eq(auditVerifications.status, "queued")))
    .returning();
  return row ?? null;
}

/** Rows after a given id: the size of the walk ahead, for the progress bar. */
export async function countAuditRowsAfter(db: DbOrTx, afterId: bigint): Promise<number> {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.id} > ${afterId}`);
  return row?.value ?? 0;
}

