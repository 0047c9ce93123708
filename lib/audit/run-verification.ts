import type { DbOrTx } from "@/db/client";
import { record, type AuditContext } from "./record";
import { verifyAuditChain, type ChainVerification } from "./verify";

/** Checks the whole chain, then records that it ran and what it found (the check itself changes nothing). */
export async function verifyAndRecord(db: DbOrTx, context: AuditContext): Promise<ChainVerification> {
  const result = await verifyAuditChain(db);
  await record(db, context, {
    action: "audit.verified",
    outcome: result.ok ? "success" : "failure",
    targetType: "audit_log",
    summary: result.ok ? { checked: result.checked } : { checked: result.checked, firstBadId: result.firstBadId, reason: result.reason },
  });
  return result;
}
