import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { AuditTable } from "@/components/audit/audit-table-client";
import { auditListCaption } from "@/components/audit/audit-table";
import { toAuditTableRow } from "@/components/audit/audit-table-row";
import { actionFilterGroups, AUDIT_TARGET_TYPES } from "@/lib/audit/event-catalog";
import { OUTCOME_LABELS } from "@/lib/audit/outcome-labels";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { FilterBar } from "@/components/lists/filter-bar";
import { listResultText } from "@/components/lists/result-text";
import type { FilterField } from "@/components/lists/filter-types";
import { ExportRefusedAlert } from "@/components/lists/export-refused-alert";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { exportHref } from "@/lib/lists/export-href";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { latestVerificationStatusFor } from "@/lib/audit/verification-detail";
import { auditLabelsWithoutLookups, resolveAuditLabels } from "@/db/queries/audit-labels";
import { AUDIT_OUTCOMES, AUDIT_PAGE_SIZE, auditFilterValues, auditSearchString, parseAuditSearch, type RawSearchParams } from "@/lib/audit/filters";
import { installationAuditScope } from "@/lib/audit/installation-scope";
import { requireSection } from "@/lib/auth/current-user";
import { can, visibilityFor } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Audit" };

const FIELDS: FilterField[] = [
  { kind: "text", name: "actor", label: "Actor", placeholder: "Email, name or job" },
  { kind: "select", name: "action", label: "Event", anyLabel: "Any event", groups: actionFilterGroups() },
  { kind: "select", name: "outcome", label: "Outcome", anyLabel: "Any outcome", options: AUDIT_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] ?? value })) },
  { kind: "select", name: "targetType", label: "Target type", anyLabel: "Any target", options: AUDIT_TARGET_TYPES.map(({ value, label }) => ({ value, label })) },
  { kind: "text", name: "targetId", label: "Target id", placeholder: "A card's or person's id" },
  { kind: "date", name: "from", label: "From (UTC day)" },
  { kind: "date", name: "to", label: "To (UTC day, inclusive)" },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("audit");
  const visibility = visibilityFor(user, "audit.view");
  const raw = await searchParams;
  // A bad value is dropped with a notice and the rest still apply, as on every other list.
  const parsed = parseAuditSearch(raw);
  const db = getDb();
  // Side by side: the verification status does not wait for the page's rows.
  const [page, verification] = await Promise.all([
    visibility
      ? listAuditEvents(db, {
          organizationId: user.organizationId,
          visibility,
          filters: parsed.filters,
          before: parsed.cursor.before,
          after: parsed.cursor.after,
          limit: AUDIT_PAGE_SIZE,
        })
      : null,
    can(user, "audit.verify") ? latestVerificationStatusFor(db, user) : undefined,
  ]);
  const labels = page ? await resolveAuditLabels(db, { viewer: user, rows: page.rows }) : auditLabelsWithoutLookups([]);
  const hasFilters = Object.values(parsed.filters).some(Boolean);
  const cursor = { before: parsed.cursor.before?.toString(), after: parsed.cursor.after?.toString() };
  // The view the user is on, carried to each event so "Back to the audit log" returns here.
  const back = auditSearchString(parsed.filters, cursor).replace(/^\?/, "");

  return (
    <>
      <PageHeader
        title="Audit"
        description={
          visibility?.all
            ? "Who did what, when, and whether it was allowed. Every row is hash-chained to the one before it."
            : "Activity of the teams you manage, and your own. Every row is hash-chained to the one before it."
        }
        actions={
          <>
            {installationAuditScope(user, visibility) ? (
              <Button asChild variant="outline" size="sm">
                <Link href="/audit/installation">Installation events</Link>
              </Button>
            ) : null}
            {verification !== undefined ? <VerifyChainButton initial={verification} /> : null}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-4">
        <FilterBar path="/audit" label="Audit filters" fields={FIELDS} values={auditFilterValues(parsed.filters)} note="Dates are whole days in UTC." resultText={page ? listResultText(page.rows.length, { one: "event", many: "events" }, Boolean(page.olderCursor)) : undefined} />
        <ExportRefusedAlert subject="audit" searchParams={raw} />
        <IgnoredParamsAlert ignored={parsed.ignored} />
        {page ? (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-muted-foreground text-sm">Newest first, {AUDIT_PAGE_SIZE} per page. Times are UTC.</p>
              {can(user, "audit.export") ? (
                <Button asChild variant="outline" size="sm">
                  <a href={exportHref("/audit/export", auditSearchString(parsed.filters), raw, parsed.ignored)}>
                    <Download aria-hidden /> Export CSV
                  </a>
                </Button>
              ) : null}
            </div>
            {page.rows.length === 0 ? (
              <EmptyState title={hasFilters ? "No events match these filters" : "No events recorded yet"}>
                {hasFilters ? "Widen the dates or clear a filter." : null}
              </EmptyState>
            ) : (
              <AuditTable rows={page.rows.map((row) => toAuditTableRow(row, labels))} back={back} caption={auditListCaption(page.rows.length)} />
            )}
            <AuditPagination filters={parsed.filters} newerCursor={page.newerCursor} olderCursor={page.olderCursor} />
          </>
        ) : null}
      </div>
    </>
  );
}
