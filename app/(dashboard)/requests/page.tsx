import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Requests" };

export default async function RequestsPage() {
  await requireSection("requests");
  return (
    <>
      <PageHeader title="Requests" description="Card, limit and top-up requests and their approvals." />
    </>
  );
}
