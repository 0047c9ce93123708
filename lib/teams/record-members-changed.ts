import type { DbOrTx } from "@/db/client";
import { teamMembers } from "@/db/queries/team-admin";
import { record } from "@/lib/audit/record";
import type { AdminContext } from "@/lib/users/admin-context";
import type { TeamLeft } from "@/lib/users/team-move";

export type TeamMember = { userId: string; manager: boolean };

export type TeamMembersChange = {
  teamId: string;
  before: readonly TeamMember[];
  after: readonly TeamMember[];
  /** Who left and what left with them, never where it went (withoutDestination). */
  teamMoves?: readonly (TeamLeft & { userId: string })[];
  withdrawnStandIns?: readonly string[];
};

/** The members of each of these teams as they are now (read under the teams' locks, before and after a change). */
export async function membersOfTeams(tx: DbOrTx, teamIds: readonly string[]): Promise<Map<string, TeamMember[]>> {
  const members = new Map<string, TeamMember[]>();
  for (const teamId of [...new Set(teamIds)].sort()) members.set(teamId, await teamMembers(tx, teamId));
  return members;
}

/**
 * A team's own audit row of a change to who is in it, whichever screen made it (Settings → Teams, or a person added,
 * invited or edited on Settings → People): filed under the team, so its managers read every change to their team in
 * their team's audit view, which shows rows of their teams only.
 */
export async function recordTeamMembersChanged(tx: DbOrTx, context: AdminContext, change: TeamMembersChange): Promise<void> {
  await record(tx, context, {
    action: "team.members_changed",
    targetType: "team",
    targetId: change.teamId,
    teamId: change.teamId,
    summary: {
      before: { members: change.before },
      after: { members: change.after },
      ...(change.teamMoves && change.teamMoves.length > 0 ? { teamMoves: change.teamMoves } : {}),
      ...(change.withdrawnStandIns && change.withdrawnStandIns.length > 0 ? { withdrawnStandIns: change.withdrawnStandIns } : {}),
    },
  });
}

/**
 * After a change to people's teams: each team of `before` (membersOfTeams, read under the teams' locks before the
 * change) gets its own row, its members now read again; `teamMovesOf` says what left a team with the people who did.
 */
export async function recordTeamsMembersChanged(
  tx: DbOrTx,
  context: AdminContext,
  before: ReadonlyMap<string, readonly TeamMember[]>,
  teamMovesOf: (teamId: string) => TeamMembersChange["teamMoves"] = () => undefined,
): Promise<void> {
  const after = await membersOfTeams(tx, [...before.keys()]);
  for (const [teamId, members] of before) {
    await recordTeamMembersChanged(tx, context, { teamId, before: members, after: after.get(teamId) ?? [], teamMoves: teamMovesOf(teamId) });
  }
}
