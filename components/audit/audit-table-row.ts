import type { AuditEvent } from "@/db/queries/audit";
import type { AuditLabels } from "@/db/queries/audit-labels";
import { outcomeLabel } from "@/lib/audit/outcome-labels";
import { describeEvent, describeTarget } from "./describe-event";
import type { Sentence } from "./sentence";

/**
 * What a row of the audit table shows, worded on the server: sent to the browser, so only these fields (no IP, user
 * agent or recorded summary) and no wording code.
 */
export type AuditTableRow = { id: string; occurredAt: Date; outcome: string; outcomeLabel: string; sentence: Sentence; target: Sentence };

export function toAuditTableRow(event: AuditEvent, labels: AuditLabels): AuditTableRow {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    outcome: event.outcome,
    outcomeLabel: outcomeLabel(event.action, event.outcome),
    sentence: describeEvent(event, labels),
    target: describeTarget(event, labels),
  };
}
