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

/** Creates or replaces the threshold of one (organisation, kind, currency); returns the previous threshold. */
export async function upsertApprovalPolicy(
  db: DbOrTx,
  values: { organizationId: string; kind: RequestKind; currency: string; threshold: bigint; updatedByUserId: string | null },
): Promise<{ row: ApprovalPolicyRow; previous: bigint | null }> {
  const existing = await findApprovalPolicy(db, values);
  const [row] = await db
    .insert(approvalPolicies)
    .values(values)
    .onConflictDoUpdate({
      target: [approvalPolicies.organizationId, approvalPolicies.kind, approvalPolicies.currency],
      set: { threshold: values.threshold, updatedByUserId: values.updatedByUserId, updatedAt: new Date() },
    })
    .returning();
  return { row: row!, previous: existing?.threshold ?? null };
}

/** Removes the threshold of one (organisation, kind, currency); returns the removed row, or null when there was none. */
export async function deleteApprovalPolicy(db: DbOrTx, params: { organizationId: string; kind: RequestKind; currency: string }): Promise<ApprovalPolicyRow | null> {
  const [row] = await db
    .delete(approvalPolicies)
    .where(and(eq(approvalPolicies.organizationId, params.organizationId), eq(approvalPolicies.kind, params.kind), eq(approvalPolicies.currency, params.currency)))
    .returning();
  return row ?? null;
}
