import Link from "next/link";
import { EmptyState } from "@/components/layout/empty-state";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { auditSearchString } from "@/lib/audit/filters";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { AuditTable } from "./audit-table";
import { withoutRepeatedRefusals } from "./card-history-rows";
import { toAuditTableRow } from "./audit-table-row";

/** The audited thing: its target type as recorded (e.g. "card") and its id (a card's uuid). */
export type AuditHistoryTarget = { targetType: string; targetId: string };

type AuditHistoryReads = {
  rows: Awaited<ReturnType<typeof listAuditEvents>>["rows"];
  labels: Awaited<ReturnType<typeof resolveAuditLabels>>;
  hasOlder: boolean;
};

/**
 * The section's reads, started by the page beside its own: awaited in the section itself, they began only once the page
 * had rendered that far, a round of the page's reads later. Null for users who may not read the audit log; otherwise
 * only the rows their audit visibility allows (a manager: their team's and their own). `limit`: how many of the
 * newest events to show (default 20); the section links to the full, filtered audit page.
 */
export function readAuditHistory(user: SessionUser, { targetType, targetId }: AuditHistoryTarget, limit = 20): Promise<AuditHistoryReads | null> {
  const visibility = visibilityFor(user, "audit.view");
  if (!visibility) return Promise.resolve(null);
  const db = getDb();
  const read = async (): Promise<AuditHistoryReads> => {
    const page = await listAuditEvents(db, {
      organizationId: user.organizationId,
      visibility,
      filters: { targetType, targetId },
      limit: Math.min(Math.max(limit, 1), 100),
    });
    // A refused issue's two rows read as one here (withoutRepeatedRefusals); the audit log shows both as recorded.
    const rows = withoutRepeatedRefusals(page.rows);
    return { rows, labels: await resolveAuditLabels(db, { viewer: user, rows }), hasOlder: page.olderCursor !== null };
  };
  const reads = read();
  // Awaited (and any failure shown) by AuditHistory; this keeps a failure before it renders from counting as unhandled.
  reads.catch(() => undefined);
  return reads;
}

/** The audit trail of one thing, for its own page (the card page), from readAuditHistory. Nothing for users who may not read the audit log. */
export async function AuditHistory({
  targetType,
  targetId,
  title = "History",
  reads,
}: AuditHistoryTarget & { title?: string; /** readAuditHistory(user, target), started by the page. */ reads: Promise<AuditHistoryReads | null> }) {
  const read = await reads;
  if (!read) return null;
  const fullLog = auditSearchString({ targetType, targetId });
  const headingId = `audit-history-${targetType}-${targetId}`.replace(/[^a-zA-Z0-9_-]/g, "-");
  return (
    <section aria-labelledby={headingId} className="grid gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        {read.hasOlder ? (
          <Link href={`/audit${fullLog}`} className="text-primary text-sm underline-offset-4 hover:underline">
            View the full history in the audit log
          </Link>
        ) : null}
      </div>
      {read.rows.length === 0 ? (
        <EmptyState title="No recorded activity yet" />
      ) : (
        <AuditTable rows={read.rows.map((row) => toAuditTableRow(row, read.labels))} back={fullLog.replace(/^\?/, "")} caption={`${title}, newest first`} />
      )}
    </section>
  );
}
