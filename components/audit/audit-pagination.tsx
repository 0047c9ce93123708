import { ListPagination } from "@/components/lists/list-pagination";
import { auditSearchString, type AuditFilters } from "@/lib/audit/filters";

/** The audit log's Newer/Older links: a list's pagination like every other, so following one moves focus to the new page's table. */
export function AuditPagination({
  filters,
  newerCursor,
  olderCursor,
  path = "/audit",
}: {
  filters: AuditFilters;
  newerCursor: string | null;
  olderCursor: string | null;
  path?: string;
}) {
  return (
    <ListPagination
      label="Audit pages"
      previousLabel="Newer"
      nextLabel="Older"
      previousHref={newerCursor ? `${path}${auditSearchString(filters, { after: newerCursor })}` : undefined}
      nextHref={olderCursor ? `${path}${auditSearchString(filters, { before: olderCursor })}` : undefined}
    />
  );
}
