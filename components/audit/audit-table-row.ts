import type { AuditEvent } from "@/db/queries/audit";
import type { DescribableEvent } from "./describe-event";

/** What a row of the audit table shows: sent to the browser, so only these fields (no IP or user agent). */
export type AuditTableRow = DescribableEvent & { id: string; occurredAt: Date };

export function toAuditTableRow(event: AuditEvent): AuditTableRow {
  const { id, occurredAt, action, outcome, actorUserId, actorEmail, targetType, targetId, summary } = event;
  return { id, occurredAt, action, outcome, actorUserId, actorEmail, targetType, targetId, summary };
}
