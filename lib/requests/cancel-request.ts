import type { Db, DbOrTx } from "@/db/client";
import { lockCard, type CardRow } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { insertRequestEvent, lockRequest, lockWithdrawableRequestsForCard, lockWithdrawableRequestsOfPerson, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { isReportedLost, REPORTED_LOST_REASON } from "@/lib/cards/reported-lost";
import type { ProviderName } from "@/lib/providers/types";
import { whyCardClosed } from "./card-closed";
import { whyLifetimeLoweredSinceFiling } from "./limit-lowered";
import { whyNoLongerNeeded } from "./no-longer-needed";
import { isWithdrawable } from "./withdrawable";
import { notifyOutcome, settleStepWaiting } from "./request-notices";

/** Why a request was withdrawn by someone (or something) other than its requester, for its timeline and audit row. */
export type Withdrawal = {
  reason: "card_changed_hands" | "card_closed" | "no_longer_needed" | "limit_lowered" | "reported_lost" | "person_deactivated" | "party_inactive" | "person_moved_team" | "stand_in_lapsed";
  comment: string;
};

/** Who withdraws: a person (their id on the timeline) or the worker (null), with the audit context to record it under. */
export type Withdrawer = { userId: string | null; audit: AuditContext };

const withdrawerOf = (user: SessionUser, meta: RequestMeta): Withdrawer => ({ userId: user.id, audit: auditContextFor(user, meta) });

/**
 * Closes a request as withdrawn (pending, approved, or executing with nothing placed: isWithdrawable), in the caller's
 * transaction and under its lock on the request.
 */
export async function withdrawRequest(tx: DbOrTx, by: Withdrawer, request: CardRequestRow, withdrawal?: Withdrawal): Promise<CardRequestRow> {
  await insertRequestEvent(tx, { requestId: request.id, type: "cancelled", actorUserId: by.userId, comment: withdrawal?.comment ?? null });
  // One withdrawn while executing placed nothing (isWithdrawable): it names no order, as an attempt failed before sending.
  const next = await updateRequest(tx, request.id, { status: "cancelled", awaiting: null, nextCheckAt: null, completedAt: new Date(), ...(request.status === "executing" ? { orderId: null } : {}) });
  await record(tx, by.audit, {
    action: "request.cancelled",
    targetType: "request",
    targetId: request.id,
    teamId: request.teamId,
    summary: { kind: request.kind, wasStatus: request.status, reason: withdrawal?.reason, comment: withdrawal?.comment },
  });
  if (request.status === "pending") await settleStepWaiting(tx, request, request.currentStep, "withdrawn");
  return next;
}

/** Withdraws as withdrawRequest does, and tells the request's requester and beneficiary why (`detail`). */
export async function withdrawAndTell(tx: DbOrTx, by: Withdrawer, request: CardRequestRow, withdrawal: Withdrawal, detail: string): Promise<CardRequestRow> {
  const next = await withdrawRequest(tx, by, request, withdrawal);
  await notifyOutcome(tx, next, "request.withdrawn", "withdrawn", detail);
  return next;
}

/**
 * The requester withdraws a request while nothing has reached the provider for it: pending, approved, or executing with
 * no order under its key yet (waiting for another change to its card to end; lib/requests/busy-card.ts). MONEY: under
 * the request's row lock, which the executor's placement also takes before it writes the order (requestCardChange's
 * `execution`): a cancel that sees no order here commits before any is written, and a placement that wrote one first
 * makes this refuse.
 */
export async function cancelRequest(db: Db, user: SessionUser, meta: RequestMeta, input: { requestId: string }): Promise<{ status: CardRequestRow["status"] }> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId);
    if (!request || request.organizationId !== user.organizationId) throw new ActionError("not_found", "That request does not exist.");
    if (request.requesterUserId !== user.id) throw new ActionError("forbidden", "Only the person who filed a request can cancel it.");
    if (!(await isWithdrawable(tx, request))) {
      throw new ActionError("conflict", request.status === "executing" ? "The request is already being carried out and can no longer be cancelled." : "This request is already closed.");
    }
    const next = await withdrawRequest(tx, withdrawerOf(user, meta), request);
    return { status: next.status };
  });
}

/**
 * A card changed hands (or teams): its requests were filed by and for the old holder and routed through the old team,
 * so the ones not yet being carried out are withdrawn with it, in the reassignment's transaction, and their requester
 * and beneficiary told why (as every withdrawal someone else causes). `locked`: those
 * requests, locked by the caller after the card's lock (as filing and retrying take them) and before its first audit
 * row (reassignCard).
 */
export async function withdrawRequestsOfReassignedCard(tx: DbOrTx, user: SessionUser, meta: RequestMeta, locked: readonly CardRequestRow[], comment: string): Promise<void> {
  for (const request of locked) {
    await withdrawAndTell(tx, withdrawerOf(user, meta), request, { reason: "card_changed_hands", comment }, comment);
  }
}

/** Why the card as it is now withdraws one request: the reason for its timeline and audit row, and the words. */
type CardWithdrawal = { reason: Withdrawal["reason"]; why: string };

/** A card with its provider, which some of the reasons depend on (isReportedLost). */
export type CardWithProvider = CardRow & { provider: ProviderName };

/**
 * Withdraws the card's requests not yet being carried out that `whyFor` gives a withdrawal for, and tells their people
 * its words. `whyFor` is asked once the card is locked: null when the card gives no request a reason (then no request
 * is locked), else the withdrawal for each request, or null to leave it. `actorUserId`: who changed the card (an
 * order's author), else the worker. Card lock first, then the requests', as reassignment takes them.
 */
async function withdrawCardRequests(
  db: DbOrTx,
  cardId: string,
  actorUserId: string | null,
  whyFor: (card: CardWithProvider) => ((request: CardRequestRow) => CardWithdrawal | null) | null,
): Promise<CardRequestRow[]> {
  return db.transaction(async (tx) => {
    const locked = await lockCard(tx, cardId);
    const account = locked ? await findProviderAccount(tx, locked.providerAccountId) : null;
    const card = locked && account ? { ...locked, provider: account.provider } : null;
    const why = card ? whyFor(card) : null;
    if (!card || !why) return [];
    const withdrawn: CardRequestRow[] = [];
    let by: Withdrawer | null = null;
    for (const request of await lockWithdrawableRequestsForCard(tx, cardId)) {
      const because = why(request);
      if (!because) continue;
      by ??= { userId: actorUserId, audit: await workerAuditContext(tx, actorUserId, card.organizationId) };
      withdrawn.push(await withdrawAndTell(tx, by, request, { reason: because.reason, comment: `Withdrawn: ${because.why}` }, because.why));
    }
    return withdrawn;
  });
}

/**
 * A card closed for good (cancelled, expired): its requests not yet being carried out are withdrawn with the reason, and
 * their people told, so none waits in an approver's inbox for a card nobody can use. `actorUserId`: who closed it (the
 * cancel order's author), else the worker.
 */
export async function withdrawRequestsOfClosedCard(db: DbOrTx, cardId: string, actorUserId: string | null = null): Promise<CardRequestRow[]> {
  return withdrawCardRequests(db, cardId, actorUserId, (card) => {
    const closed = whyCardClosed(card);
    return closed ? () => ({ reason: "card_closed", why: closed }) : null;
  });
}

/**
 * Why a card's change since a request was filed withdraws it: the card is already where the request would take it
 * (whyNoLongerNeeded); for an unfreeze, the card was reported lost at its provider, which Cardhub never undoes
 * (isReportedLost: approving and carrying it out are refused); or, for a limit increase, its lifetime limit was lowered
 * below the one the increase was weighed on (whyLifetimeLoweredSinceFiling). Null while the request still stands on the
 * card. Shared with the executor.
 */
export function withdrawalForCardChange(request: CardRequestRow, card: CardWithProvider): { reason: "no_longer_needed" | "reported_lost" | "limit_lowered"; why: string } | null {
  const noLongerNeeded = whyNoLongerNeeded(request, card);
  if (noLongerNeeded) return { reason: "no_longer_needed", why: noLongerNeeded };
  if (request.kind === "unfreeze" && isReportedLost(card)) return { reason: "reported_lost", why: REPORTED_LOST_REASON };
  const lowered = whyLifetimeLoweredSinceFiling(request, card);
  return lowered ? { reason: "limit_lowered", why: lowered } : null;
}

/**
 * A card was activated, unfrozen or given other limits another way (finance did it directly, or a sync read it so), or
 * reported lost at its provider: its requests asking for that are no longer needed, its unfreeze requests can no longer
 * be carried out, and its limit increases weighed on a lifetime limit it has lowered since no longer stand
 * (withdrawalForCardChange), so the ones not yet being carried out are withdrawn with the reason,
 * and their people told, as a closed card's are; none waits for an approval that could only end in "failed", or is
 * carried out as a decrease, or as a raise nobody weighed. `actorUserId`: who changed the card (the order's author),
 * else the worker.
 */
export async function withdrawRequestsNoLongerNeeded(db: DbOrTx, cardId: string, actorUserId: string | null = null): Promise<CardRequestRow[]> {
  return withdrawCardRequests(db, cardId, actorUserId, (card) => (request) => withdrawalForCardChange(request, card));
}

/**
 * A person was deactivated: the requests they filed or that are for them and are not yet being carried out are
 * withdrawn in the deactivation's transaction, so no approval can still move money to (or at the word of) a leaver.
 * One being carried out is left to finish: its order may already be at the provider.
 */
export async function withdrawRequestsOfDeactivatedPerson(
  tx: DbOrTx,
  by: Withdrawer & { userId: string },
  person: { id: string; name: string; organizationId: string },
): Promise<CardRequestRow[]> {
  const withdrawn: CardRequestRow[] = [];
  for (const request of await lockWithdrawableRequestsOfPerson(tx, { organizationId: person.organizationId, userId: person.id })) {
    const role = request.beneficiaryUserId === person.id ? (request.requesterUserId === person.id ? "who filed it and for whom it is" : "for whom it is") : "who filed it";
    const comment = `Withdrawn because ${person.name}, ${role}, was deactivated.`;
    withdrawn.push(await withdrawRequest(tx, by, request, { reason: "person_deactivated", comment }));
  }
  return withdrawn;
}
