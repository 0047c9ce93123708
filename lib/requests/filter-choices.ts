import type { DbOrTx } from "@/db/client";
import { findPeopleByIds } from "@/db/queries/people-search";
import type { RequestListFilters } from "@/db/queries/requests";
import { listTeamsInView, type TeamSummary } from "@/db/queries/teams";
import { personChoice, type PersonChoice } from "@/components/people/person-choice";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { keepOffered, keptValues, notOfferedMessage } from "@/lib/lists/search-params";
import { REQUEST_FIELD_LABELS, type RequestSearch } from "./list-search";
import type { RequestTab } from "./schemas";

/** What the requests filter bar offers this viewer on a tab, and the link's requester when they may see them. */
export type RequestFilterChoices = {
  /** Whether the tab has the "Requested by" and Team controls: only All does ("Waiting for you" and "My requests" do not). */
  broad: boolean;
  /** The teams the viewer may pick on the All tab: none on the other tabs. */
  teams: TeamSummary[];
  requester: PersonChoice | null;
};

/** Whether a tab's bar has the "Requested by" and Team controls. */
function tabFiltersByPeople(tab: RequestTab): boolean {
  return tab === "all";
}

/** The choices of this viewer's requests filter bar on `tab`, with the requester `filters` name, if any. */
export async function readRequestFilterChoices(
  db: DbOrTx,
  params: { user: SessionUser; visibility: VisibilityFilter | null; tab: RequestTab; filters: RequestListFilters },
): Promise<RequestFilterChoices> {
  const { user, visibility, filters } = params;
  const organizationId = user.organizationId;
  if (!tabFiltersByPeople(params.tab) || !visibility) return { broad: false, teams: [], requester: null };
  const [teams, requesters] = await Promise.all([
    listTeamsInView(db, { organizationId, visibility }),
    // Only the requester filtered by, for their name: the picker searches the rest on the server (GET /api/people).
    filters.requesterUserId ? findPeopleByIds(db, { organizationId, visibility, ids: [filters.requesterUserId] }) : Promise.resolve([]),
  ]);
  return {
    broad: true,
    teams,
    requester: requesters[0] ? personChoice(requesters[0]) : null,
  };
}

/** Whether keepOfferedRequestFilters may drop a value of these filters: only then are the choices read before the list. */
export function requestFiltersToCheck(filters: RequestListFilters): boolean {
  return Boolean(filters.requesterUserId || filters.teamId);
}

/**
 * The search with every well-formed value this viewer's bar does not offer on the tab dropped, each with a notice: on
 * "Waiting for you" and "My requests", which have no requester or team control, any such value. The list, its page
 * links and its filter bar are all given the result, so none of them applies what the others do not.
 */
export function keepOfferedRequestFilters(search: RequestSearch, choices: RequestFilterChoices): RequestSearch {
  const ignored = [...search.ignored];
  const labels = REQUEST_FIELD_LABELS;
  const { requesterUserId, teamId, ...rest } = search.filters;
  const kept = {
    requesterUserId: keepOffered(ignored, {
      field: "requester",
      label: labels.requester,
      value: requesterUserId,
      offered: (id) => choices.requester?.id === id,
      message: choices.broad ? notOfferedMessage("people", "everybody's") : "This tab does not filter by requester; showing everybody's.",
    }),
    teamId: keepOffered(ignored, {
      field: "team",
      label: labels.team,
      value: teamId,
      offered: (id) => choices.teams.some((team) => team.id === id),
      message: choices.broad ? notOfferedMessage("teams", "every team") : "This tab does not filter by team; showing every team.",
    }),
  };
  const filters: RequestListFilters = { ...rest, ...keptValues(kept) };
  return { ...search, filters, ignored };
}
