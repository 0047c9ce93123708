import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { approvalPolicies, type RequestKind } from "@/db/schema/requests";

export type ApprovalPolicyRow = typeof approvalPolicies.$inferSelect;

export async function findApprovalPolicy(db: DbOrTx, params: { organizationId: string; kind: RequestKind; currency: string }): Promise<ApprovalPolicyRow | null> {
  const [row] = await db
    .select()
    .from(approvalPolicies)
    .where(and(eq(approvalPolicies.organizationId, params.organizationId), eq(approvalPolicies.kind, params.kind), eq(approvalPolicies.currency, params.currency)))
    .limit(1);
  return row ?? null;
}

export async function listApprovalPolicies(db: DbOrTx, params: { organizationId: string }): Promise<ApprovalPolicyRow[]> {
  return db
    .select()
    .from(approvalPolicies)
    .where(eq(approvalPolicies.organizationId, params.organizationId))
    .orderBy(asc(approvalPolicies.currency), asc(approvalPolicies.kind));
}

/**
 * Creates or replaces the threshold of one (organisation, kind, currency); returns the previous threshold, read under
 * the row's lock: two saves at once take turns, and the second's previous is the first's threshold. A missing row is
 * inserted first (a concurrent insert is waited for, then found and locked); a row removed meanwhile is inserted again.
 */
export async function upsertApprovalPolicy(
  db: DbOrTx,
  values: { organizationId: string; kind: RequestKind; currency: string; threshold: bigint; updatedByUserId: string | null },
): Promise<{ row: ApprovalPolicyRow; previous: bigint | null }> {
  const key = and(eq(approvalPolicies.organizationId, values.organizationId), eq(approvalPolicies.kind, values.kind), eq(approvalPolicies.currency, values.currency));
  for (let attempt = 1; attempt <= 3; attempt++) {
    const [inserted] = await db.insert(approvalPolicies).values(values).onConflictDoNothing().returning();
    if (inserted) return { row: inserted, previous: null };
    const [existing] = await db.select({ threshold: approvalPolicies.threshold }).from(approvalPolicies).where(key).for("update");
    if (!existing) continue;
    const [row] = await db
      .update(approvalPolicies)
      .set({ threshold: values.threshold, updatedByUserId: values.updatedByUserId, updatedAt: new Date() })
      .where(key)
      .returning();
    return { row: row!, previous: existing.threshold };
  }
  throw new Error("The approval threshold was removed and added again under this save three times in a row.");
}

/** Removes the threshold of one (organisation, kind, currency); returns the removed row, or null when there was none. */
export async function deleteApprovalPolicy(db: DbOrTx, params: { organizationId: string; kind: RequestKind; currency: string }): Promise<ApprovalPolicyRow | null> {
  const [row] = await db
    .delete(approvalPolicies)
    .where(and(eq(approvalPolicies.organizationId, params.organizationId), eq(approvalPolicies.kind, params.kind), eq(approvalPolicies.currency, params.currency)))
    .returning();
  return row ?? null;
}
