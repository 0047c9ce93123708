"use client";

import { SectionError } from "@/components/layout/page-error";
import type { SectionPages } from "@/components/layout/page-error-text";

const TO_AUDIT = { href: "/audit", label: "Back to the audit log" };

const AUDIT: SectionPages = {
  pages: [
    [/^\/audit$/, { title: "The audit log could not be loaded." }],
    [/^\/audit\/installation$/, { title: "The installation audit could not be loaded." }],
    [/^\/audit\/[^/]+$/, { title: "This audit event could not be loaded.", back: TO_AUDIT }],
  ],
  fallback: { title: "This page could not be loaded.", back: TO_AUDIT },
};

/** Any audit page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function AuditError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section={AUDIT} retry={retry} />;
}
