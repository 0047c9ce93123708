import type { Metadata } from "next";
import { EmptyState } from "@/components/layout/empty-state";
import { DeleteTeamButton } from "@/components/settings/delete-team-button";
import { ArchiveTeamButton, RestoreTeamButton } from "@/components/settings/team-archive-buttons";
import { TeamDialog, type TeamMemberView } from "@/components/settings/team-dialog";
import { teamSummaryText } from "@/components/settings/team-summary";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { listTeamsWithMembers, teamHasHistory } from "@/db/queries/team-admin";
import { requireSection } from "@/lib/auth/current-user";
import { formatUtcDate } from "@/lib/format";

export const metadata: Metadata = { title: "Teams · Settings" };

export default async function TeamsPage() {
  const user = await requireSection("settings");
  const db = getDb();
  const all = await listTeamsWithMembers(db, { organizationId: user.organizationId });
  const teams = all.filter((team) => !team.archivedAt);
  const archived = all.filter((team) => team.archivedAt);
  // Only a team nobody is in and nothing names can be deleted (lib/teams/delete-team.ts): asked of the empty ones only.
  // An empty team with history can be archived instead (lib/teams/archive-team.ts, which also checks for open work).
  const empty = teams.filter((team) => team.members.length === 0);
  const histories = await Promise.all(empty.map((team) => teamHasHistory(db, team.id)));
  const deletable = new Set(empty.filter((_, index) => !histories[index]).map((team) => team.id));
  const archivable = new Set(empty.filter((_, index) => histories[index]).map((team) => team.id));
  // Only members travel to the edit dialogs; anyone else is found by the dialog's server-side person search.
  const teamNames = Object.fromEntries(teams.map((team) => [team.id, team.name]));
  const teamsOf = new Map<string, string[]>();
  for (const team of teams) for (const member of team.members) teamsOf.set(member.userId, [...(teamsOf.get(member.userId) ?? []), team.name]);
  const dialogMembers = (team: (typeof teams)[number]): TeamMemberView[] =>
    team.members.map((member) => ({ ...member, otherTeams: (teamsOf.get(member.userId) ?? []).filter((name) => name !== team.name) }));

  return (
    <section aria-labelledby="teams-heading" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="teams-heading" tabIndex={-1} className="text-lg font-semibold outline-none">
          Teams
        </h2>
        <TeamDialog adminUsesTotp={user.hasTotp} selfId={user.id} />
      </div>
      {teams.length === 0 ? (
        <EmptyState title={archived.length ? "No teams in use" : "No teams yet"}>Teams decide which cards and requests a manager sees and approves.</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-[repeat(2,minmax(0,1fr))]" aria-label="Teams">
          {teams.map((team) => (
            <li key={team.id} className="grid min-w-0 content-start gap-3 rounded-lg border p-4" aria-label={team.name}>
              <div className="flex items-start justify-between gap-2">
                {/* A name is one word up to 100 characters long: it wraps anywhere rather than widen the page. */}
                <div className="min-w-0">
                  <h3 className="font-semibold wrap-anywhere">{team.name}</h3>
                  <p className="text-muted-foreground text-sm">{teamSummaryText(team.members)}</p>
                  {archivable.has(team.id) ? (
                    <p className="text-muted-foreground text-xs">Cards, requests or transactions name it, so it cannot be deleted: archive it to take it out of use.</p>
                  ) : null}
                </div>
                <div className="flex shrink-0 flex-wrap justify-end gap-2">
                  {deletable.has(team.id) ? <DeleteTeamButton team={{ id: team.id, name: team.name }} /> : null}
                  {archivable.has(team.id) ? <ArchiveTeamButton team={{ id: team.id, name: team.name }} /> : null}
                  <TeamDialog team={{ id: team.id, name: team.name, members: dialogMembers(team) }} teamNames={teamNames} adminUsesTotp={user.hasTotp} selfId={user.id} />
                </div>
              </div>
              {team.members.length ? (
                <ul className="flex flex-wrap gap-2" aria-label={`Members of ${team.name}`}>
                  {team.members.map((member) => (
                    <li key={member.userId} className="min-w-0">
                      <Badge variant={member.manager ? "default" : "secondary"} className="max-w-full whitespace-normal wrap-anywhere">
                        {member.name}
                        {member.manager ? " · manager" : ""}
                        {member.active ? "" : " · deactivated"}
                      </Badge>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {archived.length ? (
        <section aria-labelledby="archived-teams-heading" className="grid gap-3">
          <h3 id="archived-teams-heading" className="font-semibold">
            Archived teams
          </h3>
          <p className="text-muted-foreground text-sm">Out of use: nobody can be put in them and no card moved into them. Their cards, requests and transactions keep naming them.</p>
          <ul className="grid gap-2" aria-label="Archived teams">
            {archived.map((team) => (
              <li key={team.id} className="flex min-w-0 flex-wrap items-center justify-between gap-2 rounded-lg border p-3" aria-label={team.name}>
                <div className="min-w-0">
                  <p className="font-medium wrap-anywhere">{team.name}</p>
                  <p className="text-muted-foreground text-xs">Archived {formatUtcDate(team.archivedAt!)} (UTC)</p>
                </div>
                <RestoreTeamButton team={{ id: team.id, name: team.name }} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
