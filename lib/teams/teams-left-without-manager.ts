import type { DbOrTx } from "@/db/client";
import { listApproverCandidates } from "@/db/queries/requests";
import { findTeam } from "@/db/queries/teams";

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
