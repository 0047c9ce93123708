"use client";

import { useParams } from "next/navigation";
import { PageError } from "@/components/layout/page-error";

/**
 * An audit page's own layout failed, which that page's error.tsx cannot catch: above all an event's page, whose layout
 * reads the event (so that a missing or hidden one answers a real 404); otherwise the installation audit's check.
 */
export default function AuditPageError({ retry }: { error: unknown; retry: () => void }) {
  const event = useParams<{ id?: string }>()?.id;
  return <PageError title={event ? "This audit event could not be loaded." : "This page could not be loaded."} retry={retry} back={{ href: "/audit", label: "Back to the audit log" }} />;
}
