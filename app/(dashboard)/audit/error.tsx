"use client";

import { SectionError } from "@/components/layout/page-error";

/** Any audit page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function AuditError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section="audit" retry={retry} />;
}
