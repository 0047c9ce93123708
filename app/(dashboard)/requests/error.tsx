"use client";

import { SectionError } from "@/components/layout/page-error";

/** Any requests page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function RequestsError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section="requests" retry={retry} />;
}
