import type { DbOrTx } from "@/db/client";
import { insertRequestEvent, lockWithdrawableRequestsOfPerson, updateRequest } from "@/db/queries/requests";
import { findTeam } from "@/db/queries/teams";
import { ActionError } from "@/lib/actions/result";
import { moveHolderCardsToTeam } from "@/lib/cards/holder-team-move";
import { notifyTeamManagerStepsWaiting, settleStepWaiting } from "@/lib/requests/request-notices";
import type { AdminContext } from "./admin-context";

/** What followed a person out of the teams they left: written into the audit row of the change that moved them. */
export type TeamMove = { fromTeamIds: string[]; toTeamId: string | null; movedCards: string[]; reroutedRequests: string[] };

/**
 * A person left one or more teams (Settings → People or Settings → Teams): what is theirs there follows them, in the
 * caller's transaction, so the old team's managers stop seeing, freezing and approving it and the new team's start.
 * - Their open cards in the teams left move to the team they go to (see moveHolderCardsToTeam); closed cards and
 *   company cards stay.
 * - Their requests not yet being carried out that are routed through a team left are routed through the new team.
 *   The route (steps) stays as filed. An approval given by someone who does not manage the new team no longer counts:
 *   the lapsed-approval rule (whyApprovalsLapsed, which reads the request's team) refuses the next step and the
 *   execution with the reason, as when an approver stops managing the team. A step waiting for a manager is settled
 *   for the old team's managers and announced to the new team's.
 * - A request already being carried out is left alone: its order may be at the provider.
 * The team they go to is a team they just joined, else one they stay in; with none, their cards belong to no team,
 * and open requests (which need a team to route their approval) refuse the change.
 */
export async function followPersonToTeams(
  tx: DbOrTx,
  context: AdminContext,
  params: {
    person: { id: string; name: string; email: string };
    beforeTeamIds: readonly string[];
    afterTeamIds: readonly string[];
    /** The form field a refusal is shown on. */
    field: "teams" | "members";
  },
): Promise<TeamMove | null> {
  const { person, beforeTeamIds, afterTeamIds } = params;
  const fromTeamIds = beforeTeamIds.filter((teamId) => !afterTeamIds.includes(teamId));
  if (fromTeamIds.length === 0) return null;
  const toTeamId = afterTeamIds.find((teamId) => !beforeTeamIds.includes(teamId)) ?? afterTeamIds[0] ?? null;

  // Cards first, then requests: the lock order of reassigning a card.
  const cards = await moveHolderCardsToTeam(tx, context, { organizationId: context.organizationId, holder: person, fromTeamIds, toTeamId });
  const requests = (await lockWithdrawableRequestsOfPerson(tx, { organizationId: context.organizationId, userId: person.id })).filter(
    (request) => request.beneficiaryUserId === person.id && fromTeamIds.includes(request.teamId),
  );
  if (requests.length > 0 && toTeamId === null) {
    const message = `${person.name} has open requests waiting for approval in the team they would leave, and would belong to no team to route them through. Add them to their new team first.`;
    throw new ActionError("conflict", message, { [params.field]: message });
  }
  let waitingForManager = false;
  const teamName = async (teamId: string) => (await findTeam(tx, teamId))?.name ?? "another team";
  for (const request of requests) {
    await updateRequest(tx, request.id, { teamId: toTeamId! });
    // The request's own timeline says why its route changed, and what that does to an earlier manager's approval.
    const approvedBefore = request.currentStep > 0 || request.status === "approved";
    const to = await teamName(toTeamId!);
    await insertRequestEvent(tx, {
      requestId: request.id,
      type: "rerouted",
      actorUserId: context.actorUserId,
      comment: `${person.name} moved from ${await teamName(request.teamId)} to ${to}, and the request with them.${approvedBefore ? ` A manager's earlier approval counts only if they also manage ${to}.` : ""}`,
    });
    if (request.status === "pending" && request.awaiting === "team_manager") {
      // The old team's managers were asked for this step: their "needs your approval" stops counting as unread.
      await settleStepWaiting(tx, request, request.currentStep);
      waitingForManager = true;
    }
  }
  if (waitingForManager) await notifyTeamManagerStepsWaiting(tx, { organizationId: context.organizationId, teamIds: [toTeamId!] });
  return { fromTeamIds, toTeamId, movedCards: cards.map((card) => card.id), reroutedRequests: requests.map((request) => request.id) };
}
