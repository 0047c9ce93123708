import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { CardsOfDeactivatedPeople } from "@/components/people/cards-of-deactivated-people";
import { requireSection } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireSection("overview");
  return (
    <>
      <PageHeader title={`Welcome, ${user.name.split(" ")[0]}`} description="Your cards and what needs your attention." />
      {can(user, "card.edit") ? <CardsOfDeactivatedPeople organizationId={user.organizationId} /> : null}
    </>
  );
}
