import type { DbOrTx } from "@/db/client";
import { findRequest, listRequestApprovals, type CardRequestRow } from "@/db/queries/requests";
import { findTeam } from "@/db/queries/teams";
import { findUserById } from "@/db/queries/users";
import { withdrawAndTell, type Withdrawer } from "./cancel-request";
import { eligibleApprovers } from "./policy";
import { tookStepAsFinance } from "./stand-in";
import { listText } from "@/components/audit/recorded-values";

/**
 * Finance's stand-in lapses once the team has a manager who could take the step (whyApprovalsLapsed), and the
 * schema keeps one approval per step, so the request could only be rejected. Each locked request whose team now has
 * such a manager is withdrawn, in the change's transaction, its timeline and audit row saying why, and its requester
 * (and the person it is for) told to file it again for the new manager. One withdrawn meanwhile by the same change (its
 * requester moved team) is left as it is. Returns the ids withdrawn.
 * `locked`: the change (a manager named, given the role back or reactivated) locked the teams' such requests with
 * lockStandInRequestsOfTeams before its first audit row, in the lock order of lib/users/team-move.ts.
 */
export async function withdrawLapsedStandIns(tx: DbOrTx, by: Withdrawer, locked: readonly CardRequestRow[]): Promise<string[]> {
  const withdrawn: string[] = [];
  for (const { id } of locked) {
    const request = await findRequest(tx, id);
    if (!request || (request.status !== "pending" && request.status !== "approved")) continue;
    const managers = await eligibleApprovers(tx, { ...request, lastApproverUserId: null }, "team_manager");
    if (managers.length === 0) continue;
    const standIn = (await listRequestApprovals(tx, request.id)).find((approval) => tookStepAsFinance(approval));
    const financeName = standIn?.approverUserId ? ((await findUserById(tx, standIn.approverUserId))?.name ?? "Finance") : "Finance";
    const team = (await findTeam(tx, request.teamId))?.name ?? "the team";
    const who = listText(managers.map((manager) => manager.name));
    const why = `${who} now ${managers.length === 1 ? "manages" : "manage"} ${team}, so the approval ${financeName} gave for finance in place of a manager the team did not have no longer counts.`;
    await withdrawAndTell(tx, by, request, { reason: "stand_in_lapsed", comment: `Withdrawn because ${why} File it again.` }, `${why} File it again for ${who} to approve.`);
    withdrawn.push(request.id);
  }
  return withdrawn;
}
