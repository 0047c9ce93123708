import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Funding" };

export default async function FundingPage() {
  await requireSection("funding");
  return (
    <>
      <PageHeader title="Funding" description="Funding balances of each provider account." />
    </>
  );
}
