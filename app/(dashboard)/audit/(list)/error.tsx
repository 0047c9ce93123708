"use client";

import { PageError } from "@/components/layout/page-error";

export default function AuditLogError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The audit log could not be loaded." retry={retry} />;
}
