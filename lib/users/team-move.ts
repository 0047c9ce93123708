import type { DbOrTx } from "@/db/client";
import type { CardRow } from "@/db/queries/card-updates";
import { insertRequestEvent, lockFundingRequestsOf, lockWithdrawableRequestsOfPerson, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { findTeam } from "@/db/queries/teams";
import { ActionError } from "@/lib/actions/result";
import { lockHolderCardsLeavingTeams, moveLockedHolderCards } from "@/lib/cards/holder-team-move";
import { notifyTeamManagerStepsWaiting, settleStepWaiting } from "@/lib/requests/request-notices";
import { withdrawAndTell } from "@/lib/requests/cancel-request";
import type { AdminContext } from "./admin-context";

/** What followed a person out of the teams they left: written into the audit row of the change that moved them. */
export type TeamMove = { fromTeamIds: string[]; toTeamId: string | null; movedCards: string[]; reroutedRequests: string[]; withdrawnRequests: string[] };

/**
 * What a team's own audit row (team.members_changed) keeps of a move out of it: who left and what left with them, never
 * where they went. The team's managers read that row, and the team they go to is not theirs to see; the person's own
 * row (user.updated) and each card's card.reassigned row, filed under the new team, keep the destination.
 */
export type TeamLeft = Omit<TeamMove, "toTeamId">;

export function withoutDestination(move: TeamMove): TeamLeft {
  const { toTeamId: _destination, ...left } = move;
  return left;
}

/** A move whose rows are all locked (lockTeamMove) and that nothing has written yet (carryOutTeamMove). */
export type LockedTeamMove = {
  person: { id: string; name: string; email: string };
  fromTeamIds: string[];
  toTeamId: string | null;
  cards: CardRow[];
  requests: CardRequestRow[];
};

export type MoveParams = {
  person: { id: string; name: string; email: string };
  beforeTeamIds: readonly string[];
  afterTeamIds: readonly string[];
  /** The form field a refusal is shown on. */
  field: "teams" | "members";
};

/**
 * A person left one or more teams (Settings → People or Settings → Teams): what is theirs there follows them, in the
 * caller's transaction, so the old team's managers stop seeing, freezing and approving it and the new team's start.
 * - Their open cards in the teams left move to the team they go to (see moveLockedHolderCards); closed cards and
 *   company cards stay.
 * - Their requests not yet being carried out that are routed through a team left: one still waiting for its first
 *   approval is routed through the new team (the route, steps, stays as filed; a step waiting for a manager is
 *   settled for the old team's managers and announced to the new team's); one already approved in part or whole was
 *   approved for the old team, so it is withdrawn with the reason, to be filed again (left open, the lapsed approval
 *   would keep it stuck and hold the card's one open request of its kind).
 * - A request already being carried out is left alone: its order may be at the provider.
 * The team they go to is a team they just joined, else one they stay in; with none, their cards belong to no team,
 * and open requests (which need a team to route their approval) refuse the change.
 *
 * SECURITY, the one lock order of a team move (a deadlock otherwise, or a request that escapes the move):
 *   1. the person's users row (lockUsers), taken by the caller before it reads their teams; several people in id order.
 *      Two changes to one person's teams take turns, and the second sees the first ("would belong to no team").
 *   1b. the rows of the teams whose members change (lockTeams, id order): two edits of one team take turns, and
 *      Settings → Teams refuses an edit of members changed since the form was opened (updateTeam);
 *   2. their open cards in the teams left, in id order: a card before its requests, as reassigning a card does;
 *   3. the person's filing lock (lockFundingRequestsOf), the lock a filing takes after its card's and before it reads
 *      their team (createRequest): a request is filed either before the move, and moves with them, or after it, into
 *      the new team;
 *   4. their requests that can still be withdrawn; then, when the change names a team's manager, every open request of
 *      that team (lockStandInRequestsOfTeams: a stand-in decision in flight is waited for), of which those whose manager
 *      step finance took for want of one are withdrawn (withdrawLapsedStandIns);
 *      reactivating a manager (setPersonActive) takes 1, 1b for the teams they manage, and 4;
 *   and only then any write. A change that moves several people (a team edit taking several out) takes each step for
 *   all of them before the next (lockTeamMoves): a request of one may be on another's card (one retried after the card
 *   changed hands), and locking it before that card deadlocked with a reassignment of the card.
 *   Writing an audit row takes the audit chain's lock until commit (lib/audit/record.ts), and a decision holds its
 *   request's lock while it waits for that one: so every lock above comes before the first audit row of the change, of
 *   every person it moves (lockTeamMoves for all of them first, then carryOutTeamMove).
 */
export async function lockTeamMove(tx: DbOrTx, context: AdminContext, params: MoveParams): Promise<LockedTeamMove | null> {
  return (await lockTeamMoves(tx, context, [params]))[0] ?? null;
}

/**
 * lockTeamMove for several people at once, in the order given (the caller's id order of step 1), step by step: every
 * one's cards (2), then every one's filing lock (3), then every one's requests (4). Those who leave no team move nothing.
 */
export async function lockTeamMoves(tx: DbOrTx, context: AdminContext, people: readonly MoveParams[]): Promise<LockedTeamMove[]> {
  const leaving = people
    .map((params) => ({ ...params, fromTeamIds: params.beforeTeamIds.filter((teamId) => !params.afterTeamIds.includes(teamId)) }))
    .filter((move) => move.fromTeamIds.length > 0);
  const cards: CardRow[][] = [];
  for (const { person, fromTeamIds } of leaving) cards.push(await lockHolderCardsLeavingTeams(tx, { organizationId: context.organizationId, holderId: person.id, fromTeamIds }));
  for (const { person } of leaving) await lockFundingRequestsOf(tx, person.id);
  const moves: LockedTeamMove[] = [];
  for (const [index, { person, fromTeamIds, beforeTeamIds, afterTeamIds, field }] of leaving.entries()) {
    const toTeamId = afterTeamIds.find((teamId) => !beforeTeamIds.includes(teamId)) ?? afterTeamIds[0] ?? null;
    const requests = (await lockWithdrawableRequestsOfPerson(tx, { organizationId: context.organizationId, userId: person.id })).filter(
      (request) => request.beneficiaryUserId === person.id && fromTeamIds.includes(request.teamId),
    );
    if (requests.length > 0 && toTeamId === null) {
      const message = `${person.name} has open requests waiting for approval in the team they would leave, and would belong to no team to route them through. Add them to their new team first.`;
      throw new ActionError("conflict", message, { [field]: message });
    }
    moves.push({ person, fromTeamIds, toTeamId, cards: cards[index]!, requests });
  }
  return moves;
}

/**
 * SECURITY (four eyes): whether a locked move would carry a person's cards or requests into a team the acting
 * administrator manages, handing those approvals to them. As adding someone to such a team, it is another
 * administrator's to do.
 */
export function movesIntoTeamManagedBy(move: LockedTeamMove, actorManagedTeamIds: readonly string[]): boolean {
  return move.toTeamId !== null && actorManagedTeamIds.includes(move.toTeamId) && (move.cards.length > 0 || move.requests.length > 0);
}

export const MOVES_INTO_MANAGED_TEAM = "This would move their cards or requests into a team you manage. Ask another administrator.";

/** Writes a move locked by lockTeamMove: the cards, then the requests, their timelines, audit rows and notices. */
export async function carryOutTeamMove(tx: DbOrTx, context: AdminContext, move: LockedTeamMove): Promise<TeamMove> {
  const { person, fromTeamIds, toTeamId, cards, requests } = move;
  await moveLockedHolderCards(tx, context, { cards, holder: person, toTeamId });
  let waitingForManager = false;
  // Each team's name read once for the timelines, however many requests name it.
  const names = new Map<string, string>();
  const teamName = async (teamId: string) => {
    if (!names.has(teamId)) names.set(teamId, (await findTeam(tx, teamId))?.name ?? "another team");
    return names.get(teamId)!;
  };
  const rerouted: CardRequestRow[] = [];
  for (const request of requests) {
    const from = await teamName(request.teamId);
    const to = await teamName(toTeamId!);
    if (request.currentStep > 0 || request.status === "approved") {
      // Already approved, wholly or in part, for the team they left: that approval does not cover the new team, and a
      // request left waiting on it would hold the card's one open request of its kind. Withdrawn, to be filed again.
      // The request stays in the team it was filed in, whose managers may read it: it does not say where they went.
      const comment = `Withdrawn because ${person.name} moved to another team: an approval given in ${from} does not cover their new team. File it again.`;
      await withdrawAndTell(tx, { userId: context.actorUserId, audit: context }, request, { reason: "person_moved_team", comment }, comment);
      continue;
    }
    rerouted.push(request);
    await updateRequest(tx, request.id, { teamId: toTeamId! });
    // The request's own timeline says why its route changed.
    await insertRequestEvent(tx, {
      requestId: request.id,
      type: "rerouted",
      actorUserId: context.actorUserId,
      comment: `${person.name} moved from ${from} to ${to}, and the request with them.`,
    });
    if (request.status === "pending" && request.awaiting === "team_manager") {
      // The old team's managers were asked for this step: their "needs your approval" stops counting as unread.
      await settleStepWaiting(tx, request, request.currentStep, `${person.name} moved to ${to}, and the request with them`);
      waitingForManager = true;
    }
  }
  if (waitingForManager) await notifyTeamManagerStepsWaiting(tx, { organizationId: context.organizationId, teamIds: [toTeamId!] });
  return {
    fromTeamIds,
    toTeamId,
    movedCards: cards.map((card) => card.id),
    reroutedRequests: rerouted.map((request) => request.id),
    withdrawnRequests: requests.filter((request) => !rerouted.includes(request)).map((request) => request.id),
  };
}
