import type { Metadata } from "next";
import { inboxScopeOf } from "@/lib/requests/inbox-scope";
import Link from "next/link";
import { Plus } from "lucide-react";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { FilterBar } from "@/components/lists/filter-bar";
import { listResultText } from "@/components/lists/result-text";
import type { FilterField } from "@/components/lists/filter-types";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { ListPagination } from "@/components/lists/list-pagination";
import { REQUEST_KIND_LABELS, REQUEST_STATUS_LABELS, WAITING_ON_CARD_LABEL } from "@/components/requests/labels";
import { RequestsTable } from "@/components/requests/requests-table";
import { DecisionAnnouncement, DecisionAnnouncerProvider } from "@/components/requests/decision-announcer";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { countWaitingFor, listRequests, WAITING_ON_CARD_FILTER, type RequestListScope } from "@/db/queries/requests";
import { REQUEST_KINDS, REQUEST_STATUSES } from "@/db/schema/requests";
import { requireSection } from "@/lib/auth/current-user";
import { can, seesOthers, visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { keepOfferedRequestFilters, readRequestFilterChoices, requestFiltersToCheck } from "@/lib/requests/filter-choices";
import { decisionsOnPage } from "@/lib/requests/list-decisions";
import { parseRequestSearch, REQUEST_PAGE_SIZE, requestSearchString, type RawSearchParams } from "@/lib/requests/list-search";
import type { RequestTab } from "@/lib/requests/schemas";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Requests" };

/** The statuses as the list's badges read them: "Waiting for another change" right after the executing ones it is kept out of. */
const STATUS_OPTIONS = REQUEST_STATUSES.flatMap((value) => [
  { value, label: REQUEST_STATUS_LABELS[value] },
  ...(value === "executing" ? [{ value: WAITING_ON_CARD_FILTER, label: WAITING_ON_CARD_LABEL }] : []),
]);

const TAB_LABELS: Record<RequestTab, string> = { inbox: "Waiting for you", mine: "My requests", all: "All" };

function tabsFor(user: SessionUser): RequestTab[] {
  const tabs: RequestTab[] = [];
  if (can(user, "request.approve")) tabs.push("inbox");
  if (can(user, "card.request")) tabs.push("mine");
  const visibility = visibilityFor(user, "request.view");
  if (visibility && seesOthers(visibility)) tabs.push("all");
  return tabs;
}

function scopeFor(user: SessionUser, tab: RequestTab): RequestListScope {
  switch (tab) {
    case "inbox":
      return inboxScopeOf(user);
    case "mine":
      return { kind: "mine", userId: user.id };
    case "all": {
      const visibility = visibilityFor(user, "request.view")!;
      return visibility.all ? { kind: "visible", all: true } : { kind: "visible", all: false, userId: user.id, teamIds: visibility.teamIds };
    }
  }
}

const EMPTY: Record<RequestTab, { title: string; body: string }> = {
  inbox: { title: "Nothing is waiting for you", body: "Requests you can approve appear here, and in the bell at the top." },
  mine: { title: "You have not asked for anything yet", body: "Ask for a card, a top-up, a limit increase, an unfreeze or an activation with New request." },
  all: { title: "No requests yet", body: "Requests filed by anyone you can see appear here." },
};

export default async function RequestsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("requests");
  const tabs = tabsFor(user);
  const parsed = parseRequestSearch(await searchParams);
  const tab = parsed.tab && tabs.includes(parsed.tab) ? parsed.tab : tabs[0]!;
  const db = getDb();
  const inboxScope = inboxScopeOf(user);
  const visibility = visibilityFor(user, "request.view");
  const readChoices = () => readRequestFilterChoices(db, { user, visibility, tab, filters: parsed.filters });
  // Read before the list only when the link names a requester or team: to check it against what this tab's bar offers
  // before the query applies it (keepOfferedRequestFilters). Otherwise alongside the list.
  const choicesFirst = requestFiltersToCheck(parsed.filters) ? await readChoices() : null;
  const search = choicesFirst ? keepOfferedRequestFilters(parsed, choicesFirst) : parsed;
  const [page, waiting, choices] = await Promise.all([
    listRequests(db, { organizationId: user.organizationId, scope: scopeFor(user, tab), filters: search.filters, after: search.after, before: search.before, limit: REQUEST_PAGE_SIZE }),
    tabs.includes("inbox") ? countWaitingFor(db, { organizationId: user.organizationId, scope: inboxScope }) : Promise.resolve(0),
    choicesFirst ?? readChoices(),
  ]);
  // Which of these rows the viewer may approve or reject now: one more read, for this page's rows only.
  const decisions = await decisionsOnPage(db, user, page.rows.map((row) => row.id));
  const { broad, requester, teams } = choices;
  const fields: FilterField[] = [
    { kind: "select", name: "status", label: "Status", anyLabel: "All statuses", options: STATUS_OPTIONS },
    { kind: "select", name: "kind", label: "Kind", anyLabel: "All kinds", options: REQUEST_KINDS.map((value) => ({ value, label: REQUEST_KIND_LABELS[value] })) },
    ...(broad
      ? ([
          { kind: "person", name: "requester", label: "Requested by", anyLabel: "Anyone", selected: requester ? { value: requester.id, label: requester.label } : undefined },
          { kind: "select", name: "team", label: "Team", anyLabel: "All teams", options: teams.map((team) => ({ value: team.id, label: team.name })) },
        ] satisfies FilterField[])
      : []),
    { kind: "date", name: "from", label: "From (UTC day)" },
    { kind: "date", name: "to", label: "To (UTC day, inclusive)" },
  ];
  const { filters } = search;
  const filtered = Object.values(filters).some(Boolean);
  const values = { status: filters.status, kind: filters.kind, requester: filters.requesterUserId, team: filters.teamId, from: filters.from, to: filters.to };

  return (
    // Holds what the viewer last decided from the list, so it is still said once the decided row has left the list.
    <DecisionAnnouncerProvider>
      <PageHeader
        title="Requests"
        description="Cards, top-ups, limit increases, unfreezes and activations: asked, approved, then carried out at the provider by themselves."
        actions={
          can(user, "card.request") ? (
            <Button asChild>
              <Link href="/requests/new">
                <Plus aria-hidden /> New request
              </Link>
            </Button>
          ) : null
        }
      />
      <nav aria-label="Request lists" className="mb-4 flex gap-1 overflow-x-auto border-b">
        {tabs.map((item) => (
          <Link
            key={item}
            href={`/requests?tab=${item}`}
            aria-current={item === tab ? "page" : undefined}
            className={cn(
              "text-muted-foreground hover:text-foreground -mb-px flex items-center gap-2 border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap",
              item === tab && "border-primary text-foreground",
            )}
          >
            {TAB_LABELS[item]}
            {item === "inbox" && waiting > 0 ? (
              <span className="bg-primary text-primary-foreground rounded-full px-1.5 text-xs tabular-nums">
                {waiting}
                <span className="sr-only"> waiting</span>
              </span>
            ) : null}
          </Link>
        ))}
      </nav>
      <div className="grid grid-cols-1 gap-4">
        <FilterBar key={tab} path={`/requests?tab=${tab}`} label="Request filters" fields={fields} values={values} note="Dates are whole days in UTC." resultText={listResultText(page.rows.length, { one: "request", many: "requests" }, Boolean(page.nextCursor))} />
        <IgnoredParamsAlert ignored={search.ignored} />
        <DecisionAnnouncement />
        {page.rows.length === 0 ? (
          filtered || search.after || search.before ? (
            <EmptyState title="No requests match these filters">
              <Link href={`/requests?tab=${tab}`} className="text-primary underline-offset-4 hover:underline">
                Clear filters
              </Link>
            </EmptyState>
          ) : (
            <EmptyState title={EMPTY[tab].title}>{EMPTY[tab].body}</EmptyState>
          )
        ) : (
          <RequestsTable rows={page.rows} caption={`${TAB_LABELS[tab]}, ${page.rows.length} shown`} decisions={decisions} />
        )}
        <ListPagination
          label="Request pages"
          previousHref={page.previousCursor ? `/requests${requestSearchString(tab, filters, { before: page.previousCursor })}` : undefined}
          nextHref={page.nextCursor ? `/requests${requestSearchString(tab, filters, { after: page.nextCursor })}` : undefined}
        />
        <p className="text-muted-foreground text-xs">{REQUEST_PAGE_SIZE} requests per page, newest first. Dates are UTC.</p>
      </div>
    </DecisionAnnouncerProvider>
  );
}
