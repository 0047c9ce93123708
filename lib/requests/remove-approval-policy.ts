import type { Db } from "@/db/client";
import { deleteApprovalPolicy } from "@/db/queries/approval-policies";
import type { RequestKind } from "@/db/schema/requests";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";

/**
 * Removes the finance threshold of one request kind and currency (admins, in Settings): from now on every such request
 * goes to finance too (a kind and currency without a threshold count as 0, lib/requests/policy.ts thresholdFor).
 * Requests filed before keep the route they were given. The removal and its audit row commit together.
 */
export async function removeApprovalPolicy(db: Db, user: SessionUser, meta: RequestMeta, input: { kind: RequestKind; currency: string }): Promise<{ removed: true }> {
  return db.transaction(async (tx) => {
    const removed = await deleteApprovalPolicy(tx, { organizationId: user.organizationId, kind: input.kind, currency: input.currency });
    if (!removed) throw new ActionError("not_found", "That threshold was already removed.");
    await record(tx, auditContextFor(user, meta), {
      action: "approval_policy.removed",
      targetType: "approval_policy",
      targetId: removed.id,
      summary: { kind: removed.kind, currency: removed.currency, previous: removed.threshold },
    });
    return { removed: true };
  });
}
