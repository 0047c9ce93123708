import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { OrdersNeedingReview } from "@/components/orders/orders-needing-review";
import { CardsMissingAtProvider } from "@/components/overview/cards-missing-at-provider";
import { LowBalanceWarnings } from "@/components/overview/low-balance-warnings";
import { CardsOfDeactivatedPeople } from "@/components/people/cards-of-deactivated-people";
import { getDb } from "@/db/client";
import { listOrdersNeedingReview } from "@/db/queries/provider-orders";
import { requireSection } from "@/lib/auth/current-user";
import { can, visibilityFor } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireSection("overview");
  const needingReview = (await listOrdersNeedingReview(getDb(), { organizationId: user.organizationId, limit: 50 })).filter(
    (order) => order.card !== null && can(user, "card.view", order.card),
  );
  return (
    <>
      <PageHeader title={`Welcome, ${user.name.split(" ")[0]}`} description="Your cards and what needs your attention." />
      <OrdersNeedingReview orders={needingReview} />
      {can(user, "card.edit") ? <CardsOfDeactivatedPeople organizationId={user.organizationId} /> : null}
      {visibilityFor(user, "card.view")?.all ? <CardsMissingAtProvider organizationId={user.organizationId} /> : null}
      {can(user, "funding.view") ? <LowBalanceWarnings organizationId={user.organizationId} /> : null}
    </>
  );
}
