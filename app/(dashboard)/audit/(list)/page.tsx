import type { Metadata } from "next";
import { Download } from "lucide-react";
import { AuditFiltersForm } from "@/components/audit/audit-filters";
import { AuditPagination } from "@/components/audit/audit-pagination";
import { AuditTable } from "@/components/audit/audit-table";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { latestVerification } from "@/db/queries/audit-verifications";
import { toVerificationStatus } from "@/lib/audit/verification-status";
import { AUDIT_PAGE_SIZE, auditSearchString, normalizeSearchParams, parseAuditSearch, type RawSearchParams } from "@/lib/audit/filters";
import { requireSection } from "@/lib/auth/current-user";
import { can, visibilityFor } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("audit");
  const visibility = visibilityFor(user, "audit.view");
  const raw = await searchParams;
  const parsed = parseAuditSearch(raw);
  const errors = parsed.ok ? {} : parsed.errors;
  const page =
    parsed.ok && visibility
      ? await listAuditEvents(getDb(), {
          organizationId: user.organizationId,
          visibility,
          filters: parsed.filters,
          before: parsed.cursor.before,
          after: parsed.cursor.after,
          limit: AUDIT_PAGE_SIZE,
        })
      : null;
  const verification = can(user, "audit.verify") ? await latestVerification(getDb()) : undefined;
  const hasFilters = parsed.ok && Object.values(parsed.filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit"
        description={
          visibility?.all
            ? "Who did what, when, and whether it was allowed. Every row is hash-chained to the one before it."
            : "Activity of the teams you manage, and your own. Every row is hash-chained to the one before it."
        }
        actions={verification !== undefined ? <VerifyChainButton initial={verification ? toVerificationStatus(verification) : null} /> : null}
      />
      <div className="grid gap-4">
        <AuditFiltersForm values={normalizeSearchParams(raw)} errors={errors} />
        {!parsed.ok ? (
          <Alert variant="destructive">
            <p className="font-medium">These filters could not be applied:</p>
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(errors).map(([field, message]) => (
                <li key={field}>{message}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {parsed.ok && page ? (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-muted-foreground text-sm">Newest first, {AUDIT_PAGE_SIZE} per page. Times are UTC.</p>
              {can(user, "audit.export") ? (
                <Button asChild variant="outline" size="sm">
                  <a href={`/audit/export${auditSearchString(parsed.filters)}`} download>
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
              <AuditTable rows={page.rows} caption="Audit events, newest first" />
            )}
            <AuditPagination filters={parsed.filters} newerCursor={page.newerCursor} olderCursor={page.olderCursor} />
          </>
        ) : null}
      </div>
    </>
  );
}
