import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { auditVerifications } from "@/db/schema/audit-verifications";

export type AuditVerificationRow = typeof auditVerifications.$inferSelect;

export async function createVerification(db: DbOrTx, params: { kind: "incremental" | "full"; requestedByUserId: string | null }): Promise<AuditVerificationRow> {
  const [row] = await db.insert(auditVerifications).values(params).returning();
  return row!;
}

/** A run that is queued or running: a second request joins it instead of starting another walk of the chain. */
export async function findActiveVerification(db: DbOrTx): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .select()
    .from(auditVerifications)
    .where(inArray(auditVerifications.status, ["queued", "running"]))
    .orderBy(sql`${auditVerifications.requestedAt} desc nulls first`, sql`${auditVerifications.id} desc nulls first`)
    .limit(1);
  return row ?? null;
}

export async function latestVerification(db: DbOrTx): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .select()
    .from(auditVerifications)
    .orderBy(sql`${auditVerifications.requestedAt} desc nulls first`, sql`${auditVerifications.id} desc nulls first`)
    .limit(1);
  return row ?? null;
}

export async function findVerification(db: DbOrTx, id: string): Promise<AuditVerificationRow | null> {
  const [row] = await db.select().from(auditVerifications).where(eq(auditVerifications.id, id)).limit(1);
  return row ?? null;
}

/** The newest run that found the chain intact (optionally only full runs). */
export async function lastIntactVerification(db: DbOrTx, params: { fullOnly: boolean }): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .select()
    .from(auditVerifications)
    .where(and(eq(auditVerifications.status, "intact"), params.fullOnly ? eq(auditVerifications.kind, "full") : undefined))
    .orderBy(sql`${auditVerifications.requestedAt} desc nulls first`, sql`${auditVerifications.id} desc nulls first`)
    .limit(1);
  return row ?? null;
}

export async function updateVerification(db: DbOrTx, id: string, values: Partial<Omit<AuditVerificationRow, "id">>): Promise<void> {
  await db.update(auditVerifications).set(values).where(eq(auditVerifications.id, id));
}

/**
 * Takes a queued run for this worker: of two workers handed the same run (its own job and the schedule's rescue of a
 * run whose job looked lost), only one gets it back.
 */
export async function claimQueuedVerification(db: DbOrTx, id: string, startedAt: Date): Promise<AuditVerificationRow | null> {
  const [row] = await db
    .update(auditVerifications)
    .set({ status: "running", startedAt, checkedRows: 0 })
    .where(and(eq(auditVerifications.id, id), eq(auditVerifications.status, "queued")))
    .returning();
  return row ?? null;
}

/** Rows after a given id: the size of the walk ahead, for the progress bar. */
export async function countAuditRowsAfter(db: DbOrTx, afterId: bigint): Promise<number> {
  const [row] = await db.select({ value: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.id} > ${afterId}`);
  return row?.value ?? 0;
}

