"use client";

import { SectionError } from "@/components/layout/page-error";

/** Any funding page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function FundingError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section="funding" retry={retry} />;
}
