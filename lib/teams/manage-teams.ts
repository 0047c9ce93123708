import type { Db, DbOrTx } from "@/db/client";
import { findTeam } from "@/db/queries/teams";
import { archivedTeamMessage } from "./archived-team-message";
import { findUserById, lockUsers } from "@/db/queries/users";
import { lockStandInRequestsOfTeams } from "@/db/queries/request-stand-ins";
import { insertTeam, lockTeams, namesWithoutManagerRole, renameTeam, replaceTeamMembers, teamMembers, teamWithName, usersInOrganization } from "@/db/queries/team-admin";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { notifyTeamManagerStepsWaiting } from "@/lib/requests/request-notices";
import { withdrawLapsedStandIns } from "@/lib/requests/stand-in-lapse";
import type { AdminContext } from "@/lib/users/admin-context";
import { carryOutTeamMove, lockTeamMoves, movesIntoTeamManagedBy, MOVES_INTO_MANAGED_TEAM, withoutDestination, type LockedTeamMove, type MoveParams, type TeamLeft } from "@/lib/users/team-move";
import { managerRoleNeededFor } from "./manager-role";
import { recordTeamMembersChanged, type TeamMember } from "./record-members-changed";
import type { UpdateTeamInput } from "./schemas";
import { recordAdminRefusal, type AdminRefusal } from "@/lib/users/admin-refusal";

/**
 * Refuses a name another team has. An archived team keeps its name (its cards, requests and audit rows say it), so the
 * way to that name is restoring the team, which the message says rather than leaving the clash unexplained.
 */
async function refuseTakenName(tx: DbOrTx, params: { organizationId: string; name: string; exceptTeamId?: string }): Promise<void> {
  const other = await teamWithName(tx, params);
  if (!other) return;
  const message = other.archived
    ? `The archived team "${other.name}" has this name. Restore it under Archived teams, or choose another name.`
    : "Another team already has this name.";
  throw new ActionError("conflict", message, { name: message });
}
export const MEMBERS_CHANGED = "Someone else changed this team's members since you opened it; reload to see their change.";

const byUser = (members: readonly TeamMember[]) => [...members].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)).map(({ userId, manager }) => ({ userId, manager }));
/** The same people with the same manager marks, in any order. */
export const sameMembers = (a: readonly TeamMember[], b: readonly TeamMember[]) => JSON.stringify(byUser(a)) === JSON.stringify(byUser(b));

export async function createTeam(db: Db, context: AdminContext, input: { name: string }): Promise<{ teamId: string }> {
  return db.transaction(async (tx) => {
    await refuseTakenName(tx, { organizationId: context.organizationId, name: input.name });
    const teamId = await insertTeam(tx, { organizationId: context.organizationId, name: input.name });
    await record(tx, context, { action: "team.created", targetType: "team", targetId: teamId, teamId, summary: { after: { name: input.name } } });
    return { teamId };
  });
}

/**
 * Renames a team and sets who is in it and who manages it (several managers are allowed). Moving a person between
 * teams is taking them out of one and putting them into the other; each team's audit row shows its before and after.
 * Someone taken out takes their open cards and waiting requests here to a team they are still in (lockTeamMoves, then
 * carryOutTeamMove).
 * Four eyes: an administrator neither joins nor manages a team by their own hand, nor adds people to a team they
 * manage (their requests and cards would then wait for that administrator); both are refused and audited.
 * Optimistic: with `loadedMembers` (the form's list as it was opened), an edit of a team whose members changed since is
 * refused rather than overwriting that change. Naming a manager withdraws the team's requests whose manager step
 * finance took for want of one (withdrawLapsedStandIns).
 */
export async function updateTeam(db: Db, context: AdminContext, input: UpdateTeamInput): Promise<void> {
  const refused = await db.transaction(async (tx): Promise<AdminRefusal | null> => {
    const team = await findTeam(tx, input.teamId);
    if (!team || team.organizationId !== context.organizationId) throw new ActionError("not_found", "That team does not exist.");
    // Only a new name is checked (and takes the organisation's team-name lock): a members-only edit leaves it alone.
    if (input.name !== team.name) await refuseTakenName(tx, { organizationId: context.organizationId, name: input.name, exceptTeamId: team.id });
    const members = byUser(input.members);
    if ((await usersInOrganization(tx, { organizationId: context.organizationId, userIds: members.map((member) => member.userId) })) !== members.length) {
      throw new ActionError("invalid_input", "Choose people from the list.", { members: "One of these people does not exist." });
    }
    // Lock order (lib/users/team-move.ts): the rows of the people whose membership here changes, then the team's row;
    // under it the members must still be those the editor saw, or this edit would silently undo another one.
    const expected = input.loadedMembers ? byUser(input.loadedMembers) : await teamMembers(tx, team.id);
    const differs = (list: readonly TeamMember[], other: readonly TeamMember[]) => list.filter((member) => !other.some((was) => was.userId === member.userId && was.manager === member.manager));
    await lockUsers(tx, [...differs(members, expected), ...differs(expected, members)].map((member) => member.userId));
    // Read under the lock: archiving (lib/teams/archive-team.ts) takes the same row first, then counts members.
    const [locked] = await lockTeams(tx, [team.id]);
    if (locked?.archivedAt) throw new ActionError("conflict", archivedTeamMessage(team.name));
    const before = await teamMembers(tx, team.id);
    if (!sameMembers(before, expected)) throw new ActionError("conflict", MEMBERS_CHANGED, { members: MEMBERS_CHANGED });
    // Four eyes, as on a person's own account (updatePerson): joining a team, or managing it, is granted by another admin.
    const mine = members.find((member) => member.userId === context.actorUserId);
    const had = before.find((member) => member.userId === context.actorUserId);
    if (mine && (!had || (mine.manager && !had.manager))) {
      return recordAdminRefusal(tx, context, { targetType: "team", targetId: team.id, teamId: team.id }, "self_grant", { granted: { teams: [team.id], manager: mine.manager } });
    }
    // A manager holds the manager role (lib/teams/manager-role.ts). Read under the team's lock: taking the role away
    // also unmarks them here (updatePerson), so it waits for this edit or is seen by it.
    const withoutRole = await namesWithoutManagerRole(tx, members.filter((member) => member.manager).map((member) => member.userId));
    if (withoutRole.length > 0) throw new ActionError("invalid_input", managerRoleNeededFor(withoutRole), { members: managerRoleNeededFor(withoutRole) });
    // Nor does an administrator who manages this team put people into it: their approvals would become theirs.
    const actorManages = (await findUserById(tx, context.actorUserId))?.managedTeamIds ?? [];
    const joining = members.filter((member) => !before.some((was) => was.userId === member.userId)).map((member) => member.userId);
    if (joining.length > 0 && actorManages.includes(team.id)) {
      return recordAdminRefusal(tx, context, { targetType: "team", targetId: team.id, teamId: team.id }, "manages_team", { added: { members: joining } });
    }
    const membersChanged = JSON.stringify(before) !== JSON.stringify(members);
    // Every lock of the moves before the first audit row of this change (the lock order: lib/users/team-move.ts), each
    // step for everyone taken out before the next (lockTeamMoves).
    const moves: LockedTeamMove[] = [];
    if (membersChanged) {
      const leaverIds = before.filter((was) => !members.some((member) => member.userId === was.userId)).map((was) => was.userId);
      const leaving: MoveParams[] = [];
      for (const userId of [...leaverIds].sort()) {
        // Read under their row's lock: a change to their teams committed a moment ago is seen.
        const person = await findUserById(tx, userId);
        if (!person) continue;
        const staying = person.teamIds.filter((teamId) => teamId !== team.id);
        leaving.push({ person, beforeTeamIds: [team.id, ...staying], afterTeamIds: staying, field: "members" });
      }
      moves.push(...(await lockTeamMoves(tx, context, leaving)));
      // Nor does taking someone out move their cards and requests into a team this administrator manages.
      const captured = moves.filter((move) => move.person.id !== context.actorUserId && movesIntoTeamManagedBy(move, actorManages));
      if (captured.length > 0) {
        return recordAdminRefusal(tx, context, { targetType: "team", targetId: team.id, teamId: team.id }, "moves_into_managed", { removed: { members: captured.map((move) => move.person.id) } });
      }
    }
    // A manager named: the team's requests whose manager step finance took for want of one, locked before any write.
    const named = members.some((member) => member.manager && !before.some((was) => was.userId === member.userId && was.manager));
    const standIns = named ? await lockStandInRequestsOfTeams(tx, { organizationId: context.organizationId, teamIds: [team.id] }) : [];
    if (membersChanged) await replaceTeamMembers(tx, { teamId: team.id, members });
    if (team.name !== input.name) {
      await renameTeam(tx, { id: team.id, name: input.name });
      await record(tx, context, { action: "team.updated", targetType: "team", targetId: team.id, teamId: team.id, summary: { before: { name: team.name }, after: { name: input.name } } });
    }
    if (membersChanged) {
      // Whoever left takes their open cards and waiting requests here to the team they stay in (lib/users/team-move.ts).
      // This team's row says what left with them, not where it went (withoutDestination).
      const teamMoves: (TeamLeft & { userId: string })[] = [];
      for (const move of moves) teamMoves.push({ userId: move.person.id, ...withoutDestination(await carryOutTeamMove(tx, context, move)) });
      const withdrawnStandIns = await withdrawLapsedStandIns(tx, { userId: context.actorUserId, audit: context }, standIns);
      await recordTeamMembersChanged(tx, context, { teamId: team.id, before, after: members, teamMoves, withdrawnStandIns });
      // A manager named, or one gone (if the last, finance takes the step): the waiting requests reach whoever may take them now.
      const gone = before.some((was) => was.manager && !members.some((member) => member.userId === was.userId && member.manager));
      if (named || gone) await notifyTeamManagerStepsWaiting(tx, { organizationId: context.organizationId, teamIds: [team.id] });
    }
    return null;
  });
  if (refused === "self_grant") throw alreadyAudited(new ActionError("forbidden", "You cannot add yourself to a team or make yourself its manager. Ask another administrator."));
  if (refused === "manages_team") throw alreadyAudited(new ActionError("forbidden", "You cannot add people to a team you manage. Ask another administrator."));
  if (refused === "moves_into_managed") throw alreadyAudited(new ActionError("forbidden", MOVES_INTO_MANAGED_TEAM, { members: MOVES_INTO_MANAGED_TEAM }));
}
