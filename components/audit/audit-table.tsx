import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import type { AuditTableRow } from "./audit-table-row";
import { OutcomeBadge, UtcTime } from "./format";
import { SentenceView } from "./sentence-view";

/** The audit log's table caption (the benchmark recognises the rendered page by it: scripts/bench/rendered-page.ts). */
export const auditListCaption = (shown: number) => `Audit events, ${shown} shown, newest first`;

/**
 * Audit rows as sentences (the audit log, and each card's history). The time opens the event; `back` is the
 * list's query string, carried to the event page so "Back to the audit log" returns to the same filtered view.
 *
 * Renders where it is imported: on the server for a card's short history, in the browser's bundle through
 * ./audit-table-client for the audit log's pages of 50 (see there). Either way the rows arrive worded.
 */
export function AuditTable({ rows, caption, back = "" }: { rows: AuditTableRow[]; caption: string; back?: string }) {
  const detailHref = (row: AuditTableRow) => `/audit/${row.id}${back ? `?back=${encodeURIComponent(back)}` : ""}`;
  const columns: ListColumn<AuditTableRow>[] = [
    { id: "time", header: "Time (UTC)", cell: (row) => <UtcTime date={row.occurredAt} />, phone: "title", className: "md:w-48" },
    { id: "event", header: "Event", cell: (row) => <SentenceView sentence={row.sentence} />, phone: "body", className: "md:min-w-72 whitespace-normal" },
    { id: "outcome", header: "Outcome", cell: (row) => <OutcomeBadge outcome={row.outcome} label={row.outcomeLabel} />, phone: "badge" },
    { id: "target", header: "Target", cell: (row) => <SentenceView sentence={row.target} />, phone: "none", className: "hidden lg:table-cell min-w-36 max-w-48" },
  ];
  return <ResponsiveList rows={rows} columns={columns} rowKey={(row) => row.id} rowHref={detailHref} caption={caption} />;
}
