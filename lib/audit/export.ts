import { csvLine } from "@/lib/csv/csv-line";
import { csvDownload } from "@/lib/csv/csv-download";
import { csvStream, EXPORT_BATCH_ROWS } from "@/lib/csv/csv-stream";
import { startExclusiveExport, type ExportRecord } from "@/lib/csv/export-lock";
import { refuseExport, refuseInvalidFilters } from "@/lib/csv/export-refusal";
import type { Db } from "@/db/client";
import { iterateAuditEvents, type AuditExportEvent } from "@/db/queries/audit";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { describeEventText, describeTargetText } from "@/components/audit/describe-event";
import { can, visibilityFor, type Actor } from "@/lib/auth/permissions";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { parseAuditSearch } from "./filters";
import { record } from "./record";

export const AUDIT_CSV_COLUMNS = [
  "id",
  "occurred_at_utc",
  "actor_email",
  "actor_user_id",
  "actor_roles",
  "action",
  "outcome",
  "target_type",
  "target_id",
  "team_id",
  "ip",
  "user_agent",
  "summary",
  // Not hashed: the Event column's sentence (money formatted, people named), for a person reading the file.
  "description",
  "target_label",
  "organization_id",
  "prev_hash",
  "hash",
] as const;

/**
 * An exported row: the hashed content with both hashes, its sentence and the target's label (neither hashed: names can
 * change). The label
 * sits beside the event rather than in a copy of it: with every event copied (or extended) to carry its label, the
 * export promoted 53 MB per 100,000 rows to V8's old space instead of 12, and peaked at 158-192 MB RSS instead of
 * 133-144 (measured for 0.1M-1M rows).
 */
export type AuditCsvRow = { event: AuditExportEvent; description: string; targetLabel: string | null };

export function auditEventCsvLine({ event, description, targetLabel }: AuditCsvRow): string {
  return csvLine([
    event.id,
    event.occurredAt.toISOString(),
    event.actorEmail,
    event.actorUserId,
    event.actorRoles.join(" "),
    event.action,
    event.outcome,
    event.targetType,
    event.targetId,
    event.teamId,
    event.ip,
    event.userAgent,
    JSON.stringify(event.summary),
    description,
    targetLabel,
    event.organizationId,
    event.prevHash,
    event.hash,
  ]);
}

export function auditCsvStream(batches: AsyncGenerator<AuditCsvRow[]>, onEnd?: () => Promise<void>): ReadableStream<Uint8Array> {
  return csvStream({ header: AUDIT_CSV_COLUMNS, line: auditEventCsvLine, batches, logName: "audit", onEnd });
}

async function* withTargetLabels(db: Db, viewer: Actor, batches: AsyncGenerator<AuditExportEvent[]>): AsyncGenerator<AuditCsvRow[]> {
  try {
    for await (const batch of batches) {
      // The labels the audit page's Target column shows, looked up the same way, a batch at a time.
      const labels = await resolveAuditLabels(db, { viewer, rows: batch });
      yield batch.map((event) => ({ event, description: describeEventText(event, labels), targetLabel: describeTargetText(event, labels) }));
    }
  } finally {
    await batches.return(undefined);
  }
}

/**
 * The CSV export behind GET /audit/export: permission on the server, the same filters as the page, one running export
 * per person, and the export recorded (with its filters) before the first byte is sent, so an export that is cut short
 * is still on record. `signal` is the request's: it ends the export's hold when the client goes away.
 */
export async function exportAuditCsv(
  db: Db,
  params: { user: SessionUser; meta: RequestMeta; searchParams: URLSearchParams; now?: Date; signal?: AbortSignal },
): Promise<Response> {
  const { user, meta } = params;
  const context = auditContextFor(user, meta);
  const visibility = visibilityFor(user, "audit.view");
  if (!can(user, "audit.export") || !visibility) {
    await record(db, context, { action: "permission.denied", outcome: "denied", summary: { permission: "audit.export" } });
    return refuseExport("audit", "forbidden", 403);
  }
  const parsed = parseAuditSearch(params.searchParams);
  // The list shows what it could apply; an export refuses rather than write a file other than the one asked for.
  if (parsed.ignored.length > 0) {
    return refuseInvalidFilters(parsed.ignored);
  }

  const exported: ExportRecord = {
    db,
    context,
    entry: { action: "audit.exported", targetType: "audit_log", summary: { format: "csv", filters: parsed.filters, scope: visibility.all ? "all" : "team" } },
  };
  return startExclusiveExport({ userId: user.id, signal: params.signal, exported }, async (release) => {
    const stamp = (params.now ?? new Date()).toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const batches = withTargetLabels(db, user, iterateAuditEvents(db, { organizationId: user.organizationId, visibility, filters: parsed.filters, batchSize: EXPORT_BATCH_ROWS }));
    return csvDownload(auditCsvStream(batches, release), `cardhub-audit-${stamp}.csv`);
  });
}
