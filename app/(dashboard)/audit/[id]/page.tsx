import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { AuditRowDetail } from "@/components/audit/audit-row-detail";
import { eventLabel } from "@/lib/audit/event-catalog";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { auditLabelsWithoutLookups, resolveAuditLabels } from "@/db/queries/audit-labels";
import { auditSearchString, parseAuditSearch } from "@/lib/audit/filters";
import { requireVisibleAuditEvent } from "./load-audit-event";

export const metadata: Metadata = { title: "Audit event" };

/** The list view the user came from, rebuilt from its parsed filters (never echoed raw), or the unfiltered log. */
function backHref(back: string | string[] | undefined): string {
  if (typeof back !== "string" || back.length > 2000) return "/audit";
  const parsed = parseAuditSearch(new URLSearchParams(back));
  return `/audit${auditSearchString(parsed.filters, { before: parsed.cursor.before?.toString(), after: parsed.cursor.after?.toString() })}`;
}

export default async function AuditEventPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { event, ofOrganization, user } = await requireVisibleAuditEvent((await params).id);
  const labels = ofOrganization ? await resolveAuditLabels(getDb(), { viewer: user, rows: [event] }) : auditLabelsWithoutLookups([event]);
  const back = ofOrganization ? backHref((await searchParams).back) : "/audit/installation";
  return (
    <>
      <PageHeader
        title={`Audit event ${event.id}`}
        description={eventLabel(event.action)}
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href={back}>
              <ChevronLeft aria-hidden /> Back to the audit log
            </Link>
          </Button>
        }
      />
      <AuditRowDetail event={event} labels={labels} />
    </>
  );
}
