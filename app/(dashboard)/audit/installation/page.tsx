import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { AuditTable } from "@/components/audit/audit-table-client";
import { toAuditTableRow } from "@/components/audit/audit-table-row";
import { actionFilterGroups } from "@/lib/audit/event-catalog";
import { OUTCOME_LABELS } from "@/lib/audit/outcome-labels";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { FilterBar } from "@/components/lists/filter-bar";
import { listResultText } from "@/components/lists/result-text";
import type { FilterField } from "@/components/lists/filter-types";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { auditLabelsWithoutLookups } from "@/db/queries/audit-labels";
import { AUDIT_OUTCOMES, AUDIT_PAGE_SIZE, auditFilterValues, parseAuditSearch, type RawSearchParams } from "@/lib/audit/filters";
import { requireInstallationAudit } from "./require-installation-audit";

export const metadata: Metadata = { title: "Installation audit" };

const FIELDS: FilterField[] = [
  { kind: "text", name: "actor", label: "Email tried", placeholder: "The exact address" },
  { kind: "select", name: "action", label: "Event", anyLabel: "Any event", groups: actionFilterGroups() },
  { kind: "select", name: "outcome", label: "Outcome", anyLabel: "Any outcome", options: AUDIT_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] ?? value })) },
  { kind: "date", name: "from", label: "From (UTC day)" },
  { kind: "date", name: "to", label: "To (UTC day, inclusive)" },
];

/** Rows that belong to no organisation, for installation operators only (lib/audit/installation-scope.ts). */
export default async function InstallationAuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const scope = await requireInstallationAudit();
  const raw = await searchParams;
  const parsed = parseAuditSearch(raw);
  const page = await listAuditEvents(getDb(), { ...scope, filters: parsed.filters, before: parsed.cursor.before, after: parsed.cursor.after, limit: AUDIT_PAGE_SIZE });
  const hasFilters = Object.values(parsed.filters).some(Boolean);
  const labels = auditLabelsWithoutLookups(page?.rows ?? []);
  return (
    <>
      <PageHeader
        title="Installation audit"
        description="Events that belong to no organisation: sign-in attempts for email addresses nobody here has. Only installation operators see them."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/audit">
              <ChevronLeft aria-hidden /> Organisation audit
            </Link>
          </Button>
        }
      />
      <div className="grid grid-cols-1 gap-4">
        <FilterBar path="/audit/installation" label="Installation audit filters" fields={FIELDS} values={auditFilterValues(parsed.filters)} note="Dates are whole days in UTC." resultText={listResultText(page.rows.length, { one: "event", many: "events" }, Boolean(page.olderCursor))} />
        <IgnoredParamsAlert ignored={parsed.ignored} />
        {page.rows.length === 0 ? (
          <EmptyState title={hasFilters ? "No events match these filters" : "No installation events recorded"}>
            {hasFilters ? "Widen the dates or clear a filter." : "Every event so far belongs to an organisation."}
          </EmptyState>
        ) : (
          <AuditTable rows={page.rows.map((row) => toAuditTableRow(row, labels))} caption={`Installation audit events, ${page.rows.length} shown, newest first`} />
        )}
        <AuditPagination path="/audit/installation" filters={parsed.filters} newerCursor={page.newerCursor} olderCursor={page.olderCursor} />
      </div>
    </>
  );
}
