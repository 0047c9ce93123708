import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { auditSearchString } from "@/lib/audit/filters";
import { getCurrentUser } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";
import { AuditTable } from "./audit-table";
import { withoutRepeatedRefusals } from "./card-history-rows";
import { toAuditTableRow } from "./audit-table-row";

export type AuditHistoryProps = {
  /** The audited target type, e.g. "card". */
  targetType: string;
  /** The target's id as recorded (a card's uuid). */
  targetId: string;
  /** How many of the newest events to show (default 20); the link opens the full, filtered audit page. */
  limit?: number;
  title?: string;
};

/**
 * The audit trail of one thing, for its own page (the card page). Renders nothing for users who may not read the
 * audit log, and only the rows their audit visibility allows (a manager: their team's and their own).
 */
export async function AuditHistory({ targetType, targetId, limit = 20, title = "History" }: AuditHistoryProps) {
  const user = await getCurrentUser();
  const visibility = user ? visibilityFor(user, "audit.view") : null;
  if (!user || !visibility) return null;
  const db = getDb();
  const page = await listAuditEvents(db, {
    organizationId: user.organizationId,
    visibility,
    filters: { targetType, targetId },
    limit: Math.min(Math.max(limit, 1), 100),
  });
  // A refused issue's two rows read as one here (withoutRepeatedRefusals); the audit log shows both as recorded.
  const rows = withoutRepeatedRefusals(page.rows);
  const labels = await resolveAuditLabels(db, { viewer: user, rows });
  const fullLog = auditSearchString({ targetType, targetId });
  const headingId = `audit-history-${targetType}-${targetId}`.replace(/[^a-zA-Z0-9_-]/g, "-");
  return (
    <section aria-labelledby={headingId} className="grid gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        {page.olderCursor ? (
          <Link href={`/audit${fullLog}`} className="text-primary text-sm underline-offset-4 hover:underline">
            View the full history in the audit log
          </Link>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No recorded activity yet" />
      ) : (
        <AuditTable rows={rows.map((row) => toAuditTableRow(row, labels))} back={fullLog.replace(/^\?/, "")} caption={`${title}, newest first`} />
      )}
    </section>
  );
}
