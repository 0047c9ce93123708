import { CreatedAt } from "@/components/lists/created-at";
import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import type { RequestListRow } from "@/db/queries/requests";
import { isStatusChangeRequest } from "@/db/schema/requests";
import type { ListDecision } from "@/lib/requests/list-decisions";
import { isWaitingOnCard } from "@/lib/requests/waiting-on-card";
import { listDecisionView, type RowDecisionView } from "./list-decision-view";
import { RequestRowDecisions } from "./request-row-decisions";
import { RequestStatusBadge } from "./request-status-badge";
import { termsLowered } from "@/lib/requests/terms";
import { requestLinkParts, termsText } from "./request-summary";

function Terms({ row }: { row: RequestListRow }) {
  // A status change asks for no amount: the card it is about stands in its place.
  if (isStatusChangeRequest(row.kind)) return <span className="text-muted-foreground text-sm font-normal">{row.cardAlias ?? "—"}</span>;
  const lowered = termsLowered(row.requested, row.approved);
  return (
    <span className="tabular-nums">
      {termsText(row.approved, row.currency)}
      {lowered ? <span className="text-muted-foreground block text-xs font-normal">asked {termsText(row.requested, row.currency)}</span> : null}
    </span>
  );
}

const COLUMNS: ListColumn<RequestListRow>[] = [
  {
    id: "request",
    header: "Request",
    cell: (row) => {
      // Shown: kind and card (a new card's requested name); the link's name adds amount and person, so rows differ.
      const { title, rest } = requestLinkParts(row);
      // Cut short beside the desktop columns; wrapped at phone width, where the card's name would otherwise be lost.
      return (
        <span className="block max-md:break-words md:truncate">
          {title}
          <span className="sr-only">{rest}</span>
        </span>
      );
    },
    sub: (row) => row.purpose,
    phone: "title",
    className: "md:max-w-60 xl:max-w-72",
  },
  {
    id: "for",
    header: "For",
    cell: (row) => (
      <span className="block max-w-44 min-w-0">
        <span className="block truncate">{row.beneficiaryName}</span>
        <span className="text-muted-foreground block truncate text-xs">
          {row.teamName}
          {row.requesterUserId !== row.beneficiaryUserId ? ` · asked by ${row.requesterName}` : ""}
        </span>
      </span>
    ),
    phone: "detail",
  },
  { id: "terms", header: "Amount or limit", cell: (row) => <Terms row={row} />, phone: "amount" },
  { id: "status", header: "Status", cell: (row) => <RequestStatusBadge status={row.status} awaiting={row.awaiting} financeStandsIn={row.financeStandsIn} waitingOnCard={isWaitingOnCard(row)} />, phone: "badge" },
  { id: "requested", header: "Requested", cell: (row) => <CreatedAt date={row.createdAt} />, phone: "detail" },
];

/** Approve and Reject on the rows the viewer may decide now; at phone width a line of its own at the card's foot. */
function decisionColumn(views: ReadonlyMap<string, RowDecisionView>): ListColumn<RequestListRow> {
  return {
    id: "decision",
    header: "Your decision",
    cell: (row) => {
      const view = views.get(row.id);
      return view ? <RequestRowDecisions view={view} /> : null;
    },
    phone: "body",
    className: "max-md:order-3 max-md:pt-2 max-md:empty:hidden",
  };
}

/**
 * Requests on the shared responsive list: the whole row opens the request; at phone width a card with status and amount.
 * `decisions`: the rows the viewer may decide now (lib/requests/list-decisions.ts), which offer Approve and Reject.
 */
export function RequestsTable({ rows, caption, decisions }: { rows: RequestListRow[]; caption: string; decisions?: ReadonlyMap<string, ListDecision> }) {
  const views = new Map(rows.flatMap((row) => (decisions?.has(row.id) ? [[row.id, listDecisionView(row, decisions.get(row.id)!)] as const] : [])));
  const columns = views.size > 0 ? [...COLUMNS, decisionColumn(views)] : COLUMNS;
  return <ResponsiveList rows={rows} columns={columns} rowKey={(row) => row.id} rowHref={(row) => `/requests/${row.id}`} caption={caption} />;
}
