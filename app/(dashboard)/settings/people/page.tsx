import type { Metadata } from "next";
import { Search } from "lucide-react";
import { EmptyState } from "@/components/layout/empty-state";
import { PersonActions } from "@/components/settings/person-actions";
import { PersonDialogButton } from "@/components/settings/person-dialog-button";
import { roleLabel } from "@/components/settings/role-labels";
import { PeopleSearchInput } from "@/components/settings/people-search";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { ListPagination } from "@/components/lists/list-pagination";
import { listResultText } from "@/components/lists/result-text";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listPeoplePage } from "@/db/queries/people";
import { listSoleTeamManagers } from "@/db/queries/sole-team-managers";
import { listTeams } from "@/db/queries/teams";
import { requireSection } from "@/lib/auth/current-user";
import { formatUtcDate, formatUtcDateTime } from "@/lib/format";
import type { RawSearchParams } from "@/lib/lists/search-params";
import { soleManagerNote } from "@/lib/teams/manager-notes";
import { twoFactorLocksOf } from "@/lib/two-factor/day-lock";
import { parsePeopleSearch, peopleSearchString, PEOPLE_PAGE_SIZE } from "@/lib/users/people-list-search";

export const metadata: Metadata = { title: "People · Settings" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await requireSection("settings");
  const search = parsePeopleSearch(await searchParams);
  const q = search.q ?? "";
  const db = getDb();
  const [page, teams] = await Promise.all([
    listPeoplePage(db, { organizationId: user.organizationId, q: search.q, after: search.after, before: search.before, limit: PEOPLE_PAGE_SIZE }),
    listTeams(db, { organizationId: user.organizationId }),
  ]);
  const people = page.rows;
  const personIds = people.map((person) => person.id);
  const [twoFactorLocks, soleManagers] = await Promise.all([
    twoFactorLocksOf(db, personIds),
    listSoleTeamManagers(db, { organizationId: user.organizationId, userIds: personIds }),
  ]);
  // Told in the edit and deactivate dialogs, before a change that would leave a team without a manager.
  const managerNotes = new Map(people.map((person) => [person.id, soleManagerNote(person.name, (soleManagers.get(person.id) ?? []).map((team) => team.name))]));

  return (
    <section aria-labelledby="people-heading" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="people-heading" className="text-lg font-semibold">
          People
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          {/* Applies as you type, as the lists' filter bar does (PeopleSearchInput); before the page's JavaScript has
              loaded, Enter sends this form. */}
          <form method="get" role="search" className="relative" action="/settings/people">
            <label htmlFor="people-q" className="sr-only">
              Search people
            </label>
            <Search className="text-muted-foreground pointer-events-none absolute top-2.5 left-2.5 size-4" aria-hidden />
            <PeopleSearchInput q={q} />
          </form>
          <PersonDialogButton teams={teams} adminUsesTotp={user.hasTotp} />
        </div>
      </div>
      {/* What the list shows, read out when a search has applied (the rows change without a page load), as the lists'
          filter bar does. */}
      <p role="status" className="sr-only">
        {listResultText(people.length, { one: "person", many: "people" }, Boolean(page.nextCursor))}
      </p>
      <IgnoredParamsAlert ignored={search.ignored} />
      {people.length === 0 ? (
        <EmptyState title={q ? `Nobody matches "${q}"` : "No people yet"}>
          {q ? (
            <Button asChild variant="link">
              <a href="/settings/people">Clear the search</a>
            </Button>
          ) : (
            "Add the first person with Add person."
          )}
        </EmptyState>
      ) : (
        <ul className="divide-y rounded-lg border" aria-label="People">
          {people.map((person) => (
            <li key={person.id} className="grid gap-3 p-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_22rem] md:items-center" aria-label={person.name}>
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <span className="min-w-0 wrap-anywhere">{person.name}</span>
                  {person.id === user.id ? <Badge variant="outline">You</Badge> : null}
                  {!person.active ? <Badge variant="destructive">Deactivated</Badge> : null}
                  {person.invitationPendingUntil ? <Badge variant="secondary">Invited · until {formatUtcDate(person.invitationPendingUntil)}</Badge> : null}
                  {person.mustChangePassword ? <Badge variant="secondary">Must change password</Badge> : null}
                  <TwoFactorLockBadge until={twoFactorLocks.get(person.id)} />
                </p>
                <p className="text-muted-foreground truncate text-sm">{person.email}</p>
              </div>
              <div className="grid min-w-0 gap-1 text-sm wrap-anywhere">
                <p>
                  <span className="text-muted-foreground">Roles: </span>
                  {person.roles.map(roleLabel).join(", ") || "none"}
                </p>
                <p>
                  <span className="text-muted-foreground">Teams: </span>
                  {person.teams.length ? person.teams.map((team) => `${team.name}${team.manager ? " (manager)" : ""}`).join(", ") : "none"}
                </p>
                <p className="text-muted-foreground text-xs">
                  Two-factor {person.hasTotp ? "on" : "off"}
                  {!person.active && person.openCards > 0 ? ` · still holds ${person.openCards} open card${person.openCards === 1 ? "" : "s"}` : ""}
                </p>
              </div>
              <div className="flex flex-wrap gap-2 lg:justify-end">
                <PersonDialogButton
                  person={{ id: person.id, name: person.name, email: person.email, roles: person.roles, teams: person.teams.map((team) => ({ id: team.id, manager: team.manager })) }}
                  teams={teams}
                  isSelf={person.id === user.id}
                  adminUsesTotp={user.hasTotp}
                  soleManagerOf={soleManagers.get(person.id)}
                />
                <PersonActions
                  person={{ id: person.id, name: person.name, active: person.active, hasTotp: person.hasTotp, invited: person.stillInvited }}
                  isSelf={person.id === user.id}
                  adminUsesTotp={user.hasTotp}
                  managerNote={managerNotes.get(person.id)}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <ListPagination
        label="People pages"
        previousHref={page.previousCursor ? `/settings/people${peopleSearchString(search.q, { before: page.previousCursor })}` : undefined}
        nextHref={page.nextCursor ? `/settings/people${peopleSearchString(search.q, { after: page.nextCursor })}` : undefined}
      />
    </section>
  );
}

/** Wrong codes filled the person's day count: every code is refused until then, unless an administrator resets two-factor. */
function TwoFactorLockBadge({ until }: { until: Date | undefined }) {
  return until ? <Badge variant="destructive">Two-factor locked · until {formatUtcDateTime(until)}</Badge> : null;
}
