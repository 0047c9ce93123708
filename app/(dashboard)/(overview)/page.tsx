import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { OrdersNeedingReview } from "@/components/orders/orders-needing-review";
import { AdminOverviewSection } from "@/components/overview/admin-overview";
import { AuditorOverviewSection } from "@/components/overview/auditor-overview";
import { EmployeeOverviewSection } from "@/components/overview/employee-overview";
import { FinanceOverviewSection } from "@/components/overview/finance-overview";
import { ManagerOverviewSection } from "@/components/overview/manager-overview";
import { CardsOfDeactivatedPeople } from "@/components/people/cards-of-deactivated-people";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db/client";
import { requireSection } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { loadAdminOverview } from "@/lib/overview/load-admin-overview";
import { loadAuditorOverview, loadEmployeeOverview, loadFinanceOverview, loadManagerOverview, loadOrdersNeedingReview } from "@/lib/overview/load-overview";
import { parseOverviewSearch } from "@/lib/overview/overview-search";
import { overviewVersion } from "@/lib/overview/overview-version";

export const metadata: Metadata = { title: "Overview" };

type RawSearchParams = Record<string, string | string[] | undefined>;

/** Each role's figures, all read from PostgreSQL (never a provider): a person holding several roles sees each part. */
export default async function OverviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("overview");
  const search = parseOverviewSearch(await searchParams);
  const db = getDb();
  const now = new Date();
  const has = (role: (typeof user.roles)[number]) => user.roles.includes(role);
  // Read before the figures: a change while the page renders moves the open overview's version past what it shows.
  const version = await overviewVersion(db, user);
  const [needingReview, finance, manager, auditor, employee, admin] = await Promise.all([
    loadOrdersNeedingReview(db, user),
    has("finance") ? loadFinanceOverview(db, user, now, search) : null,
    has("manager") ? loadManagerOverview(db, user, now) : null,
    has("auditor") ? loadAuditorOverview(db, user, now) : null,
    has("employee") ? loadEmployeeOverview(db, user, now) : null,
    has("admin") ? loadAdminOverview(db, user, now) : null,
  ]);
  return (
    <>
      <LiveRefresh source="/api/overview/version" version={version} />
      <PageHeader title={`Welcome, ${user.name.split(" ")[0]}`} description={employee && !finance && !manager && !auditor ? "Your cards and what needs your attention." : "What needs your attention, from the figures Cardhub holds."} />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-8">
        {search.ignored.length > 0 ? (
          <Alert>
            <p className="font-medium">Part of this link could not be used and was ignored:</p>
            <ul className="mt-1 list-disc pl-5">
              {search.ignored.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        <OrdersNeedingReview needingReview={needingReview} />
        {can(user, "card.edit") ? <CardsOfDeactivatedPeople organizationId={user.organizationId} /> : null}
        {finance ? <FinanceOverviewSection data={finance} now={now} /> : null}
        {manager ? <ManagerOverviewSection data={manager} viewer={user} now={now} /> : null}
        {auditor ? <AuditorOverviewSection data={auditor} /> : null}
        {employee ? <EmployeeOverviewSection data={employee} viewer={user} /> : null}
        {admin ? <AdminOverviewSection data={admin} /> : null}
      </div>
    </>
  );
}
