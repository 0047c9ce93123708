import type { DbOrTx } from "@/db/client";
import { insertNotifications } from "@/db/queries/notifications";
import { countWaitingFor, listApproverCandidates, listRequestApprovals, listRequestsAwaitingTeamManager, type CardRequestRow } from "@/db/queries/requests";
import { findCard } from "@/db/queries/card-updates";
import { findUserById } from "@/db/queries/users";
import type { NotificationKind } from "@/db/schema/notifications";
import { notifyAboutRequest, settleRequestNotice } from "@/lib/notifications/notify";
import { stepApprovers } from "./policy";
import { describeRequest } from "./terms";

const stepWaitingEvent = (step: number) => `step:${step}:needs_you`;

/**
 * The request in one line with the card it is about ("Top-up of $50.00 · “Travel”"): two requests of one kind and
 * amount otherwise read alike in the notifications menu. A new card's is the name asked for.
 */
async function requestWithCard(db: DbOrTx, request: CardRequestRow): Promise<string> {
  const asked = request.details.alias;
  const name = request.kind === "new_card" ? (typeof asked === "string" ? asked.trim() : "") : request.cardId ? ((await findCard(db, request.cardId))?.alias ?? "") : "";
  return name ? `${describeRequest(request)} · “${name}”` : describeRequest(request);
}

/** The request with its card, and for whom ("Top-up of $200.00 · “Eli – Software”, for Eli Employee"): what an approver reads. */
async function requestForWhom(db: DbOrTx, request: CardRequestRow): Promise<string> {
  const beneficiary = await findUserById(db, request.beneficiaryUserId);
  const described = await requestWithCard(db, request);
  return beneficiary ? `${described}, for ${beneficiary.name}` : described;
}

/**
 * "A request needs you": every person who could take the step now, once per step. When the team has no manager who
 * could take its manager's step, that is finance (see financeStandsIn), and the notice says why.
 */
export async function notifyStepWaiting(db: DbOrTx, request: CardRequestRow): Promise<void> {
  if (request.status !== "pending" || !request.awaiting) return;
  const approvers = await stepApprovers(db, request, request.awaiting);
  const what = await requestForWhom(db, request);
  await notifyAboutRequest(db, {
    organizationId: request.organizationId,
    requestId: request.id,
    kind: "request.needs_you",
    event: stepWaitingEvent(request.currentStep),
    recipients: approvers.people.map((approver) => approver.id),
    title: "A request needs your approval",
    body: approvers.standIn ? `${what}. Its team has no manager who could approve it, so it waits for finance.` : what,
  });
}

/**
 * Who may take a team's manager step changed: someone was named its manager, or its last manager left (deactivated,
 * lost the role or the team). The team's requests already waiting for its manager reach whoever may take them now: the
 * new manager, or finance in place of a manager the team no longer has. Notifications are unique per event and
 * recipient, so nobody already told is told twice.
 */
export async function notifyTeamManagerStepsWaiting(db: DbOrTx, params: { organizationId: string; teamIds: readonly string[] }): Promise<void> {
  for (const teamId of new Set(params.teamIds)) {
    for (const request of await listRequestsAwaitingTeamManager(db, { organizationId: params.organizationId, teamId, limit: 500 })) await notifyStepWaiting(db, request);
  }
}

/**
 * Someone just gained the finance role (given it, or reactivated with it): the requests already waiting for finance,
 * the manager steps finance takes for teams without a manager included, are theirs to approve too, but each step's
 * "needs your approval" went out before they could take it. One notice with the count and a link to their inbox, not
 * one per request; none when nothing waits. Counted as their inbox counts (four eyes: not their own requests).
 */
export async function notifyNewFinanceMember(db: DbOrTx, person: { id: string; organizationId: string }): Promise<void> {
  const count = await countWaitingFor(db, { organizationId: person.organizationId, scope: { kind: "inbox", userId: person.id, managedTeamIds: [], isFinance: true } });
  if (count === 0) return;
  await insertNotifications(db, [
    {
      organizationId: person.organizationId,
      recipientUserId: person.id,
      // One per grant: losing the role and gaining it again later tells them again.
      eventKey: `requests:finance-role-granted:${new Date().toISOString()}`,
      kind: "request.needs_you",
      title: count === 1 ? "A request waits for finance" : `${count} requests wait for finance`,
      body: `You now hold the finance role: ${count === 1 ? "1 request waits" : `${count} requests wait`} for a finance member's approval. Open your requests inbox to take them.`,
      href: "/requests?tab=inbox",
    },
  ]);
}

/**
 * The step no longer needs anyone (it was approved or rejected, or the request was withdrawn or moved): its "needs
 * your approval" notices stop counting as unread for every approver they reached, not only the one who acted, and say
 * what became of it (`outcome`, e.g. "approved by Manny Manager"), so none still reads as waiting for them.
 */
export async function settleStepWaiting(
  db: DbOrTx,
  request: Pick<CardRequestRow, "id" | "organizationId">,
  step: number,
  outcome: string,
  /** Whoever took the step, and what their own notice says of it ("you approved it"). */
  actor?: { userId: string; outcome: string },
): Promise<void> {
  await settleRequestNotice(db, {
    organizationId: request.organizationId,
    requestId: request.id,
    event: stepWaitingEvent(step),
    title: `No longer needs you: ${outcome}`,
    titleFor: actor ? { recipientUserId: actor.userId, title: `No longer needs you: ${actor.outcome}` } : undefined,
  });
}

/** What a request's requester hears about: its outcomes, not the approver's "needs you". */
type RequestOutcomeKind = Exclude<Extract<NotificationKind, `request.${string}`>, "request.needs_you">;

const OUTCOME_TITLES: Record<RequestOutcomeKind, string> = {
  "request.approved": "Your request was approved",
  "request.rejected": "Your request was rejected",
  "request.done": "Your request is done",
  "request.failed": "Your request failed",
  "request.withdrawn": "Your request was withdrawn",
};

/** Tells the requester (and the person it is for) what happened; `event` names the occurrence (e.g. "attempt:2:done"). */
export async function notifyOutcome(
  db: DbOrTx,
  request: CardRequestRow,
  kind: RequestOutcomeKind,
  event: string,
  detail?: string | null,
): Promise<void> {
  await notifyAboutRequest(db, {
    organizationId: request.organizationId,
    requestId: request.id,
    kind,
    event,
    recipients: [request.requesterUserId, request.beneficiaryUserId],
    title: OUTCOME_TITLES[kind],
    body: detail ? `${await requestWithCard(db, request)}: ${detail}` : await requestWithCard(db, request),
    // A new card, once done, leads to the card it became.
    href: kind === "request.done" && request.kind === "new_card" && request.cardId ? `/cards/${request.cardId}` : undefined,
  });
}

/**
 * "A request you approved failed": the people who approved it, who were told only that Cardhub carries it out, hear how
 * it ended (finance among them may retry it). Only while they may still open it (active, and still finance or a
 * manager of its team: request.view); never the requester or the person it is for (told by notifyOutcome), nor anyone
 * in `alreadyTold` (finance, told of a funding shortfall in a notice of its own).
 */
export async function notifyApproversOfFailure(db: DbOrTx, request: CardRequestRow, reason: string, alreadyTold: readonly string[] = []): Promise<void> {
  const approverIds = new Set((await listRequestApprovals(db, request.id)).flatMap((approval) => (approval.approverUserId ? [approval.approverUserId] : [])));
  const told = new Set([request.requesterUserId, request.beneficiaryUserId, ...alreadyTold]);
  const toTell = [...approverIds].filter((id) => !told.has(id));
  if (toTell.length === 0) return;
  // One after the other: inside a transaction they share one connection.
  const managers = await listApproverCandidates(db, { organizationId: request.organizationId, role: "team_manager", teamId: request.teamId });
  const finance = await listApproverCandidates(db, { organizationId: request.organizationId, role: "finance", teamId: request.teamId });
  const mayOpen = new Set([...managers, ...finance].map((person) => person.id));
  await notifyAboutRequest(db, {
    organizationId: request.organizationId,
    requestId: request.id,
    kind: "request.failed",
    // The requester's notice of the same failure has this event too: the recipients never overlap (`told`).
    event: `attempt:${request.executionAttempt}:failed`,
    recipients: toTell.filter((id) => mayOpen.has(id)),
    title: "A request you approved failed",
    body: `${await requestForWhom(db, request)}: ${reason}`,
  });
}
