import type { DbOrTx } from "@/db/client";
import { listApproverCandidates } from "@/db/queries/requests";
import { findTeam } from "@/db/queries/teams";
import { listText } from "@/components/audit/recorded-values";

/**
 * Of these teams, the names of those with no manager who could take a request's manager step now (active, holding
 * the manager role, marked its manager): finance approves in the manager's place until an administrator names one.
 */
export async function teamsWithoutManager(db: DbOrTx, params: { organizationId: string; teamIds: readonly string[] }): Promise<string[]> {
  const names: string[] = [];
  for (const teamId of new Set(params.teamIds)) {
    const managers = await listApproverCandidates(db, { organizationId: params.organizationId, role: "team_manager", teamId });
    if (managers.length > 0) continue;
    const team = await findTeam(db, teamId);
    if (team) names.push(team.name);
  }
  return names.sort((a, b) => a.localeCompare(b));
}

/** What an administrator is told after a change that left teams without a manager; null when it left none. */
export function noManagerNotice(teamNames: readonly string[]): string | null {
  if (teamNames.length === 0) return null;
  const named = `${listText(teamNames)} now ${teamNames.length === 1 ? "has" : "have"} no manager`;
  return `${named}: finance approves in the manager's place the requests of ${teamNames.length === 1 ? "its" : "their"} members until you name one (Settings → Teams).`;
}

/**
 * Said before an administrator edits or deactivates a person who is the only manager of these teams (from
 * listSoleTeamManagers), so that a team is not left without one unawares; null when they are no team's only manager.
 */
export function soleManagerNote(personName: string, teamNames: readonly string[]): string | null {
  if (teamNames.length === 0) return null;
  const one = teamNames.length === 1;
  return `${personName} is the only manager of ${listText(teamNames)}: once they stop managing ${one ? "it" : "them"}, finance approves in the manager's place the requests of ${one ? "its" : "their"} members until you name another (Settings → Teams).`;
}
