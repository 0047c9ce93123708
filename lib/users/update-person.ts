import type { Db } from "@/db/client";
import { findPerson, replaceUserRoles, replaceUserTeams, updateUserFields, type PersonRecord } from "@/db/queries/people";
import { lockStandInRequestsOfTeams } from "@/db/queries/request-stand-ins";
import { lockTeams } from "@/db/queries/team-admin";
import { findUserById, lockUsers } from "@/db/queries/users";
import { ActionError, alreadyAudited } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { notifyNewFinanceMember, notifyTeamManagerStepsWaiting } from "@/lib/requests/request-notices";
import { withdrawLapsedStandIns } from "@/lib/requests/stand-in-lapse";
import type { AdminContext } from "./admin-context";
import { assertAnotherActiveAdmin } from "./last-admin";
import type { UpdatePersonInput } from "./schemas";
import { assertTeamsInOrganization } from "./team-access";
import { carryOutTeamMove, lockTeamMove, movesIntoTeamManagedBy, MOVES_INTO_MANAGED_TEAM, withoutDestination } from "./team-move";
import { recordAdminRefusal, type AdminRefusal } from "./admin-refusal";
import { MANAGER_ROLE_NEEDED, namedManagerWithoutRole } from "@/lib/teams/manager-role";
import { membersOfTeams, recordTeamsMembersChanged } from "@/lib/teams/record-members-changed";
import { noManagerNotice } from "@/lib/teams/manager-notes";
import { teamsWithoutManager } from "@/lib/teams/teams-left-without-manager";

export const PERSON_CHANGED = "Someone else changed this person's roles or teams since you opened this form; close it and open it again to see their change.";
/** A person's roles, and their teams with manager marks, as compared for a change: in any order. */
export const keyOfRoles = (roles: readonly string[]) => [...new Set(roles)].sort().join(",");
export const keyOfTeams = (teams: readonly { teamId: string; manager: boolean }[]) =>
  teams
    .map((team) => `${team.teamId}:${team.manager ? "manager" : "member"}`)
    .sort()
    .join(",");

/**
 * Changes a person's name, roles and teams; the audit row keeps the before and after of each. Four eyes: nobody
 * grants themselves access, so an administrator cannot add a role, a team or a team to manage to their own account
 * (another administrator can); the attempt is refused and audited. Nor do they add anyone to a team they manage:
 * that person's requests and cards would then wait for their approval and fall under their freeze (refused and audited
 * alike). Giving things up, and teams they do not manage, stay allowed. Leaving a team takes the person's open cards and
 * waiting requests there to their new team (lockTeamMove, then carryOutTeamMove). Made a team's manager, the requests
 * whose manager step finance took for want of one are withdrawn (withdrawLapsedStandIns); given the finance role, they
 * are told what already waits for finance (notifyNewFinanceMember).
 */
export async function updatePerson(db: Db, context: AdminContext, input: UpdatePersonInput): Promise<{ changed: boolean; notice: string | null }> {
  let leftWithoutManager: string[] = [];
  const refused = await db.transaction(async (tx): Promise<AdminRefusal | "unchanged" | null> => {
    const roles = [...new Set(input.roles)].sort();
    const teams = [...input.teams].sort((a, b) => a.teamId.localeCompare(b.teamId));
    const takesAdminRole = (person: PersonRecord) => person.roles.includes("admin") && !roles.includes("admin");
    const demotesAdmin = (person: PersonRecord) => person.active && takesAdminRole(person);
    const seen = await findPerson(tx, input.userId);
    if (!seen || seen.organizationId !== context.organizationId) throw new ActionError("not_found", "That person does not exist.");
    // Lock order, the same as deactivating an admin (setPersonActive; in the other order the two deadlock): the
    // organisation when the admin role is taken away (lib/users/last-admin.ts; also from an admin deactivated at this
    // read, who may be reactivated before their row is locked), then the person's row, then their teams as they stand
    // under it: two changes to one person take turns (team-move.ts).
    const lockedOrganization = takesAdminRole(seen);
    if (lockedOrganization) await assertAnotherActiveAdmin(tx, { organizationId: context.organizationId, userId: seen.id });
    await lockUsers(tx, [seen.id]);
    const before = (await findPerson(tx, seen.id))!;
    // Optimistic: roles or teams changed since the form opened (a team edited on Settings → Teams meanwhile) are not
    // overwritten by a form that never showed them.
    if (input.loaded) {
      if (keyOfRoles(input.loaded.roles) !== keyOfRoles(before.roles)) throw new ActionError("conflict", PERSON_CHANGED, { roles: PERSON_CHANGED });
      if (keyOfTeams(input.loaded.teams) !== keyOfTeams(before.teams)) throw new ActionError("conflict", PERSON_CHANGED, { teams: PERSON_CHANGED });
    }
    // Saved as it stands (the dialog's Save with nothing edited): nothing is written, and no change is audited.
    if (input.name === before.name && keyOfRoles(roles) === keyOfRoles(before.roles) && keyOfTeams(teams) === keyOfTeams(before.teams)) return "unchanged";
    // Made an administrator since the read above: the organisation's lock cannot be taken after the row's.
    if (demotesAdmin(before) && !lockedOrganization) throw new ActionError("conflict", PERSON_CHANGED, { roles: PERSON_CHANGED });
    // The teams the acting administrator manages, as they stand now: four eyes keeps their approvals out of this change.
    const actorManages = (await findUserById(tx, context.actorUserId))?.managedTeamIds ?? [];
    if (before.id === context.actorUserId) {
      const granted = {
        roles: roles.filter((role) => !before.roles.includes(role)),
        teams: teams.filter((team) => !before.teams.some((had) => had.teamId === team.teamId && (had.manager || !team.manager))).map((team) => team.teamId),
      };
      if (granted.roles.length > 0 || granted.teams.length > 0) {
        return recordAdminRefusal(tx, context, { targetType: "user", targetId: before.id }, "self_grant", { granted });
      }
    } else {
      // Four eyes: putting someone into a team the administrator manages hands their approvals to the administrator.
      const joined = teams.filter((team) => !before.teams.some((had) => had.teamId === team.teamId)).map((team) => team.teamId);
      const intoManaged = joined.filter((teamId) => actorManages.includes(teamId));
      if (intoManaged.length > 0) {
        return recordAdminRefusal(tx, context, { targetType: "user", targetId: before.id }, "manages_team", { added: { teams: intoManaged } });
      }
    }
    // A team's manager holds the manager role (lib/teams/manager-role.ts): the role goes with their teams' manager marks.
    // Checked after the four-eyes refusals, so an administrator's attempt to make themselves a manager is on record.
    if (namedManagerWithoutRole(roles, teams)) throw new ActionError("invalid_input", MANAGER_ROLE_NEEDED, { teams: MANAGER_ROLE_NEEDED });
    await assertTeamsInOrganization(tx, { organizationId: context.organizationId, teamIds: teams.map((team) => team.teamId) });
    // The teams whose members change, after the person's row (lock order: lib/users/team-move.ts): an edit of one of
    // them on Settings → Teams takes turns with this one.
    const sameMembership = (a: { teamId: string; manager: boolean }) => (b: { teamId: string; manager: boolean }) => a.teamId === b.teamId && a.manager === b.manager;
    const changedTeams = [...teams.filter((team) => !before.teams.some(sameMembership(team))), ...before.teams.filter((had) => !teams.some(sameMembership(had)))];
    const changedTeamIds = [...new Set(changedTeams.map((team) => team.teamId))];
    await lockTeams(tx, changedTeamIds);
    // Their cards and waiting requests in a team they leave follow them (lib/users/team-move.ts): locked before anything
    // is written, and refused when they would land in a team this administrator manages.
    const move = await lockTeamMove(tx, context, {
      person: before,
      beforeTeamIds: before.teams.map((team) => team.teamId),
      afterTeamIds: teams.map((team) => team.teamId),
      field: "teams",
    });
    if (move && before.id !== context.actorUserId && movesIntoTeamManagedBy(move, actorManages)) {
      return recordAdminRefusal(tx, context, { targetType: "user", targetId: before.id }, "moves_into_managed", { moved: { toTeamId: move.toTeamId, cards: move.cards.length, requests: move.requests.length } });
    }
    // Teams they now manage: requests whose manager step finance took for want of a manager, locked before any write.
    const becameManager = !before.roles.includes("manager") && roles.includes("manager");
    const newlyManaged = teams.filter((team) => team.manager && (becameManager || !before.teams.some((had) => had.teamId === team.teamId && had.manager))).map((team) => team.teamId);
    const standIns = roles.includes("manager") ? await lockStandInRequestsOfTeams(tx, { organizationId: context.organizationId, teamIds: newlyManaged }) : [];
    const teamMembersBefore = await membersOfTeams(tx, changedTeamIds);
    await updateUserFields(tx, before.id, { name: input.name });
    await replaceUserRoles(tx, { userId: before.id, roles });
    await replaceUserTeams(tx, { userId: before.id, teams });
    const teamMove = move ? await carryOutTeamMove(tx, context, move) : null;
    const withdrawnStandIns = await withdrawLapsedStandIns(tx, { userId: context.actorUserId, audit: context }, standIns);
    const rolesChanged = JSON.stringify(before.roles) !== JSON.stringify(roles);
    await record(tx, context, {
      action: rolesChanged ? "user.roles_changed" : "user.updated",
      targetType: "user",
      targetId: before.id,
      summary: {
        before: { name: before.name, roles: before.roles, teams: before.teams },
        after: { name: input.name, roles, teams },
        ...(teamMove ? { teamMove } : {}),
        ...(withdrawnStandIns.length > 0 ? { withdrawnStandIns } : {}),
      },
    });
    // Each team whose members changed gets its own row, for its managers' view. A team's row says what left it only
    // when it is the one team left: a move out of several keeps its cards and requests in the person's row alone, so
    // no team's managers read another team's.
    await recordTeamsMembersChanged(tx, context, teamMembersBefore, (teamId) =>
      teamMove && teamMove.fromTeamIds.length === 1 && teamMove.fromTeamIds[0] === teamId ? [{ userId: before.id, ...withoutDestination(teamMove) }] : undefined,
    );
    // Requests already waiting for a manager of a team they now manage reach them too.
    // Teams they no longer manage: if they were the last manager, the waiting requests reach finance, who take the step.
    const stillManages = (teamId: string) => roles.includes("manager") && teams.some((team) => team.teamId === teamId && team.manager);
    const noLongerManaged = before.roles.includes("manager") ? before.teams.filter((had) => had.manager && !stillManages(had.teamId)).map((had) => had.teamId) : [];
    await notifyTeamManagerStepsWaiting(tx, { organizationId: context.organizationId, teamIds: [...newlyManaged, ...noLongerManaged] });
    // In the edit's own transaction, after its writes: the teams it left without a manager, for the administrator's notice.
    leftWithoutManager = before.active ? await teamsWithoutManager(tx, { organizationId: context.organizationId, teamIds: noLongerManaged }) : [];
    if (before.active && !before.roles.includes("finance") && roles.includes("finance")) await notifyNewFinanceMember(tx, before);
    return null;
  });
  if (refused === "self_grant") throw alreadyAudited(new ActionError("forbidden", "You cannot give yourself a role or a team. Ask another administrator."));
  if (refused === "manages_team") throw alreadyAudited(new ActionError("forbidden", "You cannot add people to a team you manage. Ask another administrator."));
  if (refused === "moves_into_managed") throw alreadyAudited(new ActionError("forbidden", MOVES_INTO_MANAGED_TEAM, { teams: MOVES_INTO_MANAGED_TEAM }));
  return { changed: refused !== "unchanged", notice: noManagerNotice(leftWithoutManager) };
}
