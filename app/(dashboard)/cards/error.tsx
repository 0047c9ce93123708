"use client";

import { SectionError } from "@/components/layout/page-error";

/** Any cards page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function CardsError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section="cards" retry={retry} />;
}
