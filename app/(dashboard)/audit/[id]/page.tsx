import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { AuditRowDetail } from "@/components/audit/audit-row-detail";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { getAuditEvent } from "@/db/queries/audit";
import { requireSection } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Audit event" };

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSection("audit");
  const { id } = await params;
  const visibility = visibilityFor(user, "audit.view");
  if (!/^\d{1,18}$/.test(id) || !visibility) notFound();
  // A row outside the user's visibility answers exactly like a missing one: its existence is not disclosed.
  const event = await getAuditEvent(getDb(), { organizationId: user.organizationId, visibility, id: BigInt(id) });
  if (!event) notFound();
  return (
    <>
      <PageHeader
        title={`Audit event ${event.id}`}
        description={`${event.action} · ${event.outcome}`}
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/audit">
              <ChevronLeft aria-hidden /> Back to the audit log
            </Link>
          </Button>
        }
      />
      <AuditRowDetail event={event} />
    </>
  );
}
