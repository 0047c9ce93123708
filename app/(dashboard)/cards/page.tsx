import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Cards" };

export default async function CardsPage() {
  await requireSection("cards");
  return (
    <>
      <PageHeader title="Cards" description="Virtual cards across every connected provider." />
    </>
  );
}
