import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Transactions" };

export default async function TransactionsPage() {
  await requireSection("transactions");
  return (
    <>
      <PageHeader title="Transactions" description="Authorisations, settlements, refunds and declines." />
    </>
  );
}
