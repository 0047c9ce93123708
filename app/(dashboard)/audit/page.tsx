import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  await requireSection("audit");
  return (
    <>
      <PageHeader title="Audit" description="Who did what, when, and whether it was allowed." />
    </>
  );
}
