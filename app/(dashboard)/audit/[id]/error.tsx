"use client";

import { PageError } from "@/components/layout/page-error";

/** One event's page failed after its layout found the event (a failure finding it is ../error.tsx's). */
export default function AuditEventError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="This audit event could not be loaded." retry={retry} back={{ href: "/audit", label: "Back to the audit log" }} />;
}
