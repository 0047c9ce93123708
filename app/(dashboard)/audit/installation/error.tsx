"use client";

import { PageError } from "@/components/layout/page-error";

export default function InstallationAuditError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The installation audit could not be loaded." retry={retry} />;
}
