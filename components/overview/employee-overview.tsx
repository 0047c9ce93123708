import Link from "next/link";
import { CardStatusBadge } from "@/components/cards/card-status-badge";
import { LimitUsage } from "@/components/cards/limit-usage";
import { REQUEST_KIND_LABELS, statusText } from "@/components/requests/labels";
import { termsText } from "@/components/requests/request-summary";
import { termsLowered } from "@/lib/requests/terms";
import type { EmployeeOverview } from "@/lib/overview/load-overview";
import { formatUtcDateTime } from "@/lib/format";
import { MonthSpendFigures } from "./month-spend";
import { OverviewGroup, OverviewPanel, Quiet } from "./overview-panel";
import { RecentTransactions } from "./recent-transactions";
import type { MemoWriter } from "@/lib/transactions/memo-rights";
import { isWaitingOnCard } from "@/lib/requests/waiting-on-card";

export function EmployeeOverviewSection({ data, viewer }: { data: EmployeeOverview; viewer: MemoWriter & { teamIds: readonly string[] } }) {
  return (
    <OverviewGroup id="overview-mine" title="Your cards and spending">
      <OverviewPanel id="overview-my-cards" title="Your cards" link={{ href: "/cards", label: "All your cards" }}>
        {data.cards.length === 0 ? (
          viewer.teamIds.length === 0 ? (
            // A request is routed through the person's team: without one, "Ask for one" would lead to a page that refuses.
            <Quiet>You have no cards yet. You belong to no team, so there is nobody to approve a request: ask an administrator to add you to one.</Quiet>
          ) : (
            <Quiet>
              You have no cards yet.{" "}
              <Link href="/requests/new" className="text-foreground underline underline-offset-4">
                Ask for one
              </Link>
              .
            </Quiet>
          )
        ) : (
          <ul className="divide-y text-sm" aria-label="Your cards">
            {data.cards.map((card) => (
              <li key={card.id} className="flex flex-wrap items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
                <div className="grid min-w-0 gap-1">
                  <Link href={`/cards/${card.id}`} className="truncate font-medium underline-offset-4 hover:underline">
                    {card.alias}
                    {card.last4 ? <span className="text-muted-foreground font-normal"> ·· {card.last4}</span> : null}
                  </Link>
                  <span className="flex flex-wrap gap-1">
                    <CardStatusBadge status={card.status} />
                    {card.providerMissingSince ? <span className="text-destructive text-xs">Not found at provider</span> : null}
                  </span>
                </div>
                <LimitUsage card={card} className="text-right" />
              </li>
            ))}
          </ul>
        )}
      </OverviewPanel>
      <OverviewPanel id="overview-my-spend" title="Your spend this month" link={{ href: data.spendHref, label: "This month's transactions" }}>
        <MonthSpendFigures spend={data.spendThisMonth} testIdPrefix="my-spend" />
      </OverviewPanel>
      <OverviewPanel id="overview-my-transactions" title="Your recent transactions">
        <RecentTransactions rows={data.recentTransactions} viewer={viewer} empty="No transactions on your cards yet." />
      </OverviewPanel>
      <OverviewPanel id="overview-my-requests" title="Your open requests" link={{ href: "/requests?tab=mine", label: "All your requests" }}>
        {data.openRequests.length === 0 ? (
          <Quiet>Nothing open. Requests you file appear here until they are done.</Quiet>
        ) : (
          <ul className="divide-y text-sm">
            {data.openRequests.map((request) => (
              <li key={request.id} className="flex items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
                <div className="grid min-w-0 gap-0.5">
                  <Link href={`/requests/${request.id}`} className="font-medium underline-offset-4 hover:underline">
                    {REQUEST_KIND_LABELS[request.kind]}
                  </Link>
                  <span className="text-muted-foreground truncate text-xs">
                    <time dateTime={request.createdAt.toISOString()}>{formatUtcDateTime(request.createdAt)}</time> · {request.purpose}
                  </span>
                </div>
                <div className="grid shrink-0 justify-items-end gap-0.5">
                  {/* The approved terms (what would be carried out), as the request list, page and notifications show them. */}
                  <span className="tabular-nums">{termsText(request.approved, request.currency)}</span>
                  {termsLowered(request.requested, request.approved) ? (
                    <span className="text-muted-foreground text-xs tabular-nums">asked {termsText(request.requested, request.currency)}</span>
                  ) : null}
                  <span className="text-muted-foreground text-xs">{statusText(request.status, request.awaiting, request.financeStandsIn, isWaitingOnCard(request))}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </OverviewPanel>
    </OverviewGroup>
  );
}
