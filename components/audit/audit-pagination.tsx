import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { auditSearchString, type AuditFilters } from "@/lib/audit/filters";

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
  if (!newerCursor && !olderCursor) return null;
  return (
    <nav aria-label="Audit pages" className="flex items-center justify-between gap-2">
      {newerCursor ? (
        <Button asChild variant="outline" size="sm">
          <Link href={`${path}${auditSearchString(filters, { after: newerCursor })}`}>
            <ChevronLeft aria-hidden /> Newer
          </Link>
        </Button>
      ) : (
        <span />
      )}
      {olderCursor ? (
        <Button asChild variant="outline" size="sm">
          <Link href={`${path}${auditSearchString(filters, { before: olderCursor })}`}>
            Older <ChevronRight aria-hidden />
          </Link>
        </Button>
      ) : null}
    </nav>
  );
}
