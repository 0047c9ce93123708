"use client";

import { SectionError } from "@/components/layout/page-error";
import type { SectionPages } from "@/components/layout/page-error-text";

const FUNDING: SectionPages = {
  pages: [
    [/^\/funding$/, { title: "The funding balances could not be loaded." }],
    [/^\/funding\/statements$/, { title: "The statement could not be loaded." }],
    [/^\/funding\/unread$/, { title: "The unread transactions could not be loaded." }],
  ],
  fallback: { title: "This page could not be loaded." },
};

/** Any funding page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function FundingError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section={FUNDING} retry={retry} />;
}
