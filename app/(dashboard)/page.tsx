import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { requireSection } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireSection("overview");
  return <PageHeader title={`Welcome, ${user.name.split(" ")[0]}`} description="Your cards and what needs your attention." />;
}
