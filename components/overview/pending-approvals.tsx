import Link from "next/link";
import { REQUEST_KIND_LABELS } from "@/components/requests/labels";
import { termsText } from "@/components/requests/request-summary";
import { termsLowered } from "@/lib/requests/terms";
import type { PendingApprovals } from "@/lib/overview/load-overview";
import { formatUtcDateTime } from "@/lib/format";
import { OverviewPanel, Quiet } from "./overview-panel";

/** Requests waiting for this person's decision: how many, and the newest few. */
export function PendingApprovalsPanel({ approvals, idPrefix }: { approvals: PendingApprovals; idPrefix: string }) {
  return (
    <OverviewPanel
      id={`${idPrefix}-approvals`}
      title="Waiting for your approval"
      link={{ href: "/requests?tab=inbox", label: "Open the inbox" }}
      description={
        <>
          <span className="text-foreground font-semibold tabular-nums" data-testid={`${idPrefix}-approvals-count`}>
            {approvals.count}
          </span>{" "}
          {approvals.count === 1 ? "request" : "requests"} to decide
        </>
      }
    >
      {approvals.newest.length === 0 ? (
        <Quiet>Nothing is waiting for you.</Quiet>
      ) : (
        <ul className="divide-y text-sm">
          {approvals.newest.map((request) => (
            <li key={request.id} className="flex items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
              <div className="grid min-w-0 gap-0.5">
                <Link href={`/requests/${request.id}`} className="font-medium underline-offset-4 hover:underline">
                  {REQUEST_KIND_LABELS[request.kind]} for {request.beneficiaryName}
                </Link>
                <span className="text-muted-foreground truncate text-xs">
                  {request.teamName} · <time dateTime={request.createdAt.toISOString()}>{formatUtcDateTime(request.createdAt)}</time> · {request.purpose}
                </span>
              </div>
              {/* What would be carried out, as the request list, page and notifications show it: the approved terms. */}
              <span className="grid shrink-0 justify-items-end gap-0.5 tabular-nums">
                <span>{termsText(request.approved, request.currency)}</span>
                {termsLowered(request.requested, request.approved) ? (
                  <span className="text-muted-foreground text-xs">asked {termsText(request.requested, request.currency)}</span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </OverviewPanel>
  );
}
