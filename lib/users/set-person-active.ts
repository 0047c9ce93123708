import type { Db } from "@/db/client";
import { noManagerNotice } from "@/lib/teams/manager-notes";
import { teamsWithoutManager } from "@/lib/teams/teams-left-without-manager";
import { revokeOpenInvitations } from "@/db/queries/invitations";
import { findPerson, listOpenCardsOf, updateUserFields } from "@/db/queries/people";
import { lockStandInRequestsOfTeams } from "@/db/queries/request-stand-ins";
import { lockTeams } from "@/db/queries/team-admin";
import { lockUsers } from "@/db/queries/users";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/end-session";
import { withdrawRequestsOfDeactivatedPerson } from "@/lib/requests/cancel-request";
import { notifyNewFinanceMember, notifyTeamManagerStepsWaiting } from "@/lib/requests/request-notices";
import { withdrawLapsedStandIns } from "@/lib/requests/stand-in-lapse";
import { describeRequest } from "@/lib/requests/terms";
import type { AdminContext } from "./admin-context";
import { assertAnotherActiveAdmin } from "./last-admin";

const PERSON_CHANGED_MEANWHILE = "This person's roles changed a moment ago. Look at their roles again, then try again.";

/**
 * Deactivates or reactivates a person. Deactivation revokes every session at once (the next request of their browser
 * is signed out, see resolveSession) and every open invitation or reset link, withdraws the requests they filed or
 * that are for them and are not yet being carried out (in the same transaction: no approval may still put money on a
 * leaver's card), and returns the cards they still hold, for finance to reassign or freeze, and the requests withdrawn. Reactivating a manager withdraws the requests of their teams whose
 * manager step finance took in their absence (withdrawLapsedStandIns); reactivating a finance member tells them what
 * already waits for finance (notifyNewFinanceMember).
 */
export async function setPersonActive(
  db: Db,
  context: AdminContext,
  input: { userId: string; active: boolean },
): Promise<{
  openCards: { id: string; alias: string; maskedNumber: string | null; status: string }[];
  withdrawnRequests: { id: string; description: string }[];
  /** Teams the deactivation left without a manager (noManagerNotice), or null. */
  notice: string | null;
}> {
  return db.transaction(async (tx) => {
    // Lock order: the organisation when an admin is deactivated (lib/users/last-admin.ts; before the person's row, as
    // demoting them does in updatePerson, or the two deadlock), then the person's row, then the teams they manage, then
    // those teams' requests (lib/users/team-move.ts). Their teams are read under their row's lock, so a change to them
    // committed a moment ago is seen.
    const seen = await findPerson(tx, input.userId);
    if (!seen || seen.organizationId !== context.organizationId) throw new ActionError("not_found", "That person does not exist.");
    const deactivatesAdmin = !input.active && seen.roles.includes("admin");
    if (deactivatesAdmin && seen.id !== context.actorUserId) await assertAnotherActiveAdmin(tx, { organizationId: context.organizationId, userId: seen.id });
    await lockUsers(tx, [seen.id]);
    const person = (await findPerson(tx, seen.id))!;
    if (person.active === input.active) return { openCards: [], withdrawnRequests: [], notice: null };
    if (!input.active) {
      if (person.id === context.actorUserId) throw new ActionError("conflict", "You cannot deactivate yourself. Ask another administrator.");
      // Made an administrator since the read above: the organisation's lock cannot be taken after the row's.
      if (person.roles.includes("admin") && !deactivatesAdmin) throw new ActionError("conflict", PERSON_CHANGED_MEANWHILE);
    }
    // A manager back: their teams' requests whose manager step finance took meanwhile, locked before any write.
    const managesAgain = input.active && person.roles.includes("manager") ? person.teams.filter((team) => team.manager).map((team) => team.teamId) : [];
    await lockTeams(tx, managesAgain);
    const standIns = await lockStandInRequestsOfTeams(tx, { organizationId: context.organizationId, teamIds: managesAgain });
    await updateUserFields(tx, person.id, { active: input.active });
    const withdrawnStandIns = await withdrawLapsedStandIns(tx, { userId: context.actorUserId, audit: context }, standIns);
    const withdrawn = input.active ? [] : await withdrawRequestsOfDeactivatedPerson(tx, { userId: context.actorUserId, audit: context }, person);
    if (!input.active) await endUserSessions(tx, { owner: person, reason: "user_deactivated", actor: context });
    // SECURITY: an invitation or reset link handed out before they left (forwarded, leaked) must not become a way back
    // in once they are reactivated: every open link ends with the deactivation.
    const revokedLinks = input.active ? 0 : await revokeOpenInvitations(tx, { userId: person.id, at: new Date() });
    // If this was a team's last manager, its requests waiting for a manager reach finance, who take the step instead.
    const managed = !input.active && person.roles.includes("manager") ? person.teams.filter((team) => team.manager).map((team) => team.teamId) : [];
    if (managed.length > 0) await notifyTeamManagerStepsWaiting(tx, { organizationId: context.organizationId, teamIds: managed });
    const leftWithoutManager = await teamsWithoutManager(tx, { organizationId: context.organizationId, teamIds: managed });
    const openCards = input.active ? [] : await listOpenCardsOf(tx, { organizationId: context.organizationId, ownerUserId: person.id });
    await record(tx, context, {
      action: input.active ? "user.reactivated" : "user.deactivated",
      targetType: "user",
      targetId: person.id,
      summary: { before: { active: person.active }, after: { active: input.active }, ...(input.active ? {} : { openCards: openCards.length, withdrawnRequests: withdrawn.length, ...(revokedLinks > 0 ? { revokedLinks } : {}) }), ...(withdrawnStandIns.length > 0 ? { withdrawnStandIns } : {}) },
    });
    if (input.active && person.roles.includes("finance")) await notifyNewFinanceMember(tx, person);
    return {
      openCards,
      withdrawnRequests: withdrawn.map((request) => ({ id: request.id, description: describeRequest(request) })),
      notice: noManagerNotice(leftWithoutManager),
    };
  });
}
