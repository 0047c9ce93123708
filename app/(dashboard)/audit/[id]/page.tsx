import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { AuditRowDetail } from "@/components/audit/audit-row-detail";
import { eventLabel } from "@/lib/audit/event-catalog";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { getAuditEvent } from "@/db/queries/audit";
import { auditLabelsWithoutLookups, resolveAuditLabels } from "@/db/queries/audit-labels";
import { installationAuditScope } from "@/lib/audit/installation-scope";
import { auditSearchString, parseAuditSearch } from "@/lib/audit/filters";
import { requireSection } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Audit event" };

/** The list view the user came from, rebuilt from its parsed filters (never echoed raw), or the unfiltered log. */
function backHref(back: string | string[] | undefined): string {
  if (typeof back !== "string" || back.length > 2000) return "/audit";
  const parsed = parseAuditSearch(new URLSearchParams(back));
  return `/audit${auditSearchString(parsed.filters, { before: parsed.cursor.before?.toString(), after: parsed.cursor.after?.toString() })}`;
}

export default async function AuditEventPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSection("audit");
  const { id } = await params;
  const visibility = visibilityFor(user, "audit.view");
  if (!/^\d{1,18}$/.test(id) || !visibility) notFound();
  const db = getDb();
  // A row outside the user's visibility answers exactly like a missing one: its existence is not disclosed.
  const installation = installationAuditScope(user, visibility);
  const organizationEvent = await getAuditEvent(db, { organizationId: user.organizationId, visibility, id: BigInt(id) });
  const event = organizationEvent ?? (installation ? await getAuditEvent(db, { ...installation, id: BigInt(id) }) : null);
  if (!event) notFound();
  const labels = organizationEvent ? await resolveAuditLabels(db, { organizationId: user.organizationId, rows: [event] }) : auditLabelsWithoutLookups([event]);
  const back = organizationEvent ? backHref((await searchParams).back) : "/audit/installation";
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
