import type { ManagerDeclines, ManagerOverview } from "@/lib/overview/load-overview";
import { spendCharts } from "@/lib/overview/chart-data";
import { declineRateText } from "./decline-rate";
import { MonthSpendFigures } from "./month-spend";
import { OverviewGroup, OverviewPanel } from "./overview-panel";
import { PendingApprovalsPanel } from "./pending-approvals";
import { RecentTransactions } from "./recent-transactions";
import { SpendByDay } from "./spend-by-day";
import type { MemoWriter } from "@/lib/transactions/memo-rights";

const DECLINES_COVER: Record<ManagerDeclines["covers"], string | null> = {
  team: null,
  visible: "Your teams' and your own cards': ",
  organization: "Every team's: ",
};

export function ManagerOverviewSection({ data, viewer, now }: { data: ManagerOverview; viewer: MemoWriter; now: Date }) {
  const charts = spendCharts(data.spendByDay, data.chartFrom, now);
  return (
    <OverviewGroup id="overview-team" title="Your team">
      <OverviewPanel
        id="overview-team-spend"
        title="Team spend this month"
        description="Against last month, per currency."
        // The same rows the figure counts (lib/overview/load-overview.ts, loadManagerOverview); none with several teams.
        link={data.teamSpendHref ? { href: data.teamSpendHref, label: "This month's transactions" } : undefined}
      >
        <MonthSpendFigures spend={data.teamSpend} testIdPrefix="team-spend" />
      </OverviewPanel>
      <PendingApprovalsPanel approvals={data.approvals} idPrefix="team" />
      <OverviewPanel id="overview-team-chart" title="Team spend by day" description="The last 30 days (UTC)." className="lg:col-span-2">
        <SpendByDay charts={charts} title="Team spend by day" idPrefix="team-chart" />
      </OverviewPanel>
      <OverviewPanel
        id="overview-team-declines"
        title={data.declines.covers === "team" ? "Your team's declines this month" : "Declines this month"}
        // The same rows the count and the list below cover (lib/overview/load-overview.ts, loadManagerOverview).
        link={{ href: data.declines.href, label: "All declines" }}
        description={
          <>
            {DECLINES_COVER[data.declines.covers]}
            <span data-testid="team-decline-rate">{declineRateText(data.declines.rate)}</span>
          </>
        }
        className="lg:col-span-2"
      >
        <RecentTransactions rows={data.declines.recent} viewer={viewer} empty="No declines this month." showOwner />
      </OverviewPanel>
    </OverviewGroup>
  );
}
