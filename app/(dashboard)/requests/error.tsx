"use client";

import { SectionError } from "@/components/layout/page-error";
import type { SectionPages } from "@/components/layout/page-error-text";

const TO_REQUESTS = { href: "/requests", label: "Back to requests" };

const REQUESTS: SectionPages = {
  pages: [
    [/^\/requests$/, { title: "The requests could not be loaded." }],
    [/^\/requests\/new$/, { title: "The request form could not be loaded." }],
    [/^\/requests\/[^/]+$/, { title: "This request could not be loaded.", back: TO_REQUESTS }],
  ],
  fallback: { title: "This page could not be loaded.", back: TO_REQUESTS },
};

/**
 * Any requests page's failure, the request page's layout checks ((item)/[id]/layout.tsx) included: an error.tsx never
 * catches its own folder's layout, but does catch those of the folders below it.
 */
export default function RequestsError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section={REQUESTS} retry={retry} />;
}
