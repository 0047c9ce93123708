import type { Db, DbOrTx } from "@/db/client";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { findUserById } from "@/db/queries/users";
import { findRequest, insertRequestEvent, lockRequest, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import type { RequestTerms } from "@/db/schema/requests";
import { ActionError } from "@/lib/actions/result";
import { formatMoney } from "@/lib/format";
import { record } from "@/lib/audit/record";
import { managesTeam } from "@/lib/auth/permissions";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { fieldError, parseFormAmount } from "@/lib/cards/amounts";
import { raisesALimit, whySpentMoreThan } from "@/lib/cards/limit-increase";
import { prepareIssue } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { scheduleRequestExecution } from "@/lib/jobs/execute-request-job";
import { whyCardRequestNotApprovable } from "./card-request-approvable";
import { partiesStanding, routeAfterStandIn, whyApprovalsLapsed, whyCannotTakeStep, whyCardChangedHands, whyPartyInactive } from "./policy";
import { whyNotWaiting } from "./not-waiting";
import { notifyOutcome, notifyStepWaiting, settleStepWaiting } from "./request-notices";
import type { ApproveRequestInput, RejectRequestInput } from "./schemas";
import { decimalTerm, describeRequest, lifetimeLimitBefore, limitTermsOf, TERM_FIELDS, termMinor, termsLowered } from "./terms";
import { LIFETIME_BELOW_PER_TRANSACTION } from "@/lib/cards/limit-messages";

type Changes = Record<string, { from: string; to: string }>;

/**
 * Locks the request for a decision on the step the approver saw: a step taken meanwhile is not decided twice, and one
 * no longer pending is refused saying who ended its wait (whyNotWaiting). An approval is refused too when the request
 * is by or for a deactivated person (a rejection is not: it moves no money).
 * `standIn`: the decider is finance taking the team manager's step because the team has no manager (financeStandsIn).
 */
async function lockForDecision(tx: DbOrTx, user: SessionUser, input: { requestId: string; step: number }, decision: "approve" | "reject"): Promise<{ request: CardRequestRow; standIn: boolean }> {
  const request = await lockRequest(tx, input.requestId);
  if (!request || request.organizationId !== user.organizationId) throw new ActionError("not_found", "That request does not exist.");
  // Cancelled, rejected or approved meanwhile: the approver is told by whom, as the request's timeline says.
  if (request.status !== "pending") throw new ActionError("conflict", await whyNotWaiting(tx, request, user.id));
  // Before who may take the step: a decision on a step that has since moved on is a race to be told as one (the page
  // reads the request again), not a refusal of the person for the step that followed.
  if (request.currentStep !== input.step) throw new ActionError("conflict", "This request moved on since you opened it; look at it again.");
  const parties = decision === "approve" ? await partiesStanding(tx, request) : undefined;
  const why = await whyCannotTakeStep(tx, user, request, parties);
  if (why) {
    const conflict = why.startsWith("This request is not") || (parties !== undefined && why === whyPartyInactive(parties));
    throw new ActionError(conflict ? "conflict" : "forbidden", why);
  }
  // Allowed on the team manager's step without managing the team: only as finance standing in for a missing manager.
  return { request, standIn: request.awaiting === "team_manager" && !managesTeam(user, request.teamId) };
}

/** What a decision finance took in place of the team's manager adds to its audit row (the event says acted_as "finance"). */
const STAND_IN_AUDIT = { takenBy: "finance", reason: "team_without_manager" } as const;

/**
 * An approval covers the card's holder and team of the moment the request was filed, and a card that can still take
 * the change: one approved on a card that cannot (a top-up on a card frozen meanwhile) could only end in "failed".
 * Reassigning or cancelling the card withdraws the request, and so does activating or unfreezing it, or raising its
 * limits, another way for a request asking that; this refuses it on any other path (a card the provider closed, a
 * frozen card's top-up, limits a sync read raised). Read without a lock on the card, under the request's: a
 * reassignment, or the withdrawal after an activation, unfreeze or limits order, takes the card's lock first and the
 * request's after, so it waits for this decision and then withdraws what it approved. A card change that withdraws
 * nothing (a freeze) and lands after this read is caught when the request is carried out: the order path checks the
 * card again under its lock, and the request fails with the reason (or, for limits, never lowers one). Returns the card
 * as read, which the approval's lowered limits are checked on.
 */
async function assertCardUnchanged(tx: DbOrTx, request: CardRequestRow): Promise<CardView | null> {
  if (request.kind === "new_card" || !request.cardId) return null;
  // With its provider (an inner join on the card's account): what the card can take depends on it.
  const card = await findCardForView(tx, request.cardId);
  if (!card) return null;
  const why = whyCardChangedHands(request, card) ?? whyCardRequestNotApprovable({ ...request, kind: request.kind }, card);
  if (why) throw new ActionError("conflict", why);
  return card;
}

/** Lowered terms: each never above what stands now (never raised past the request), never zero. */
function lowerTerms(request: CardRequestRow, input: ApproveRequestInput): { terms: RequestTerms; changes: Changes } {
  const terms: RequestTerms = { ...request.approved };
  const changes: Changes = {};
  const errors: Record<string, string> = {};
  for (const field of TERM_FIELDS) {
    const text = input[field];
    const current = termMinor(request.approved, field);
    if (text === undefined || text === "" || current === null) continue;
    try {
      const lowered = parseFormAmount(field, text, request.currency).amount;
      if (lowered > current) errors[field] = `You can lower this, not raise it: the request asks for ${formatMoney(current, request.currency)}.`;
      else if (lowered < current) {
        terms[field] = lowered.toString();
        changes[field] = { from: current.toString(), to: lowered.toString() };
      }
    } catch (error) {
      if (error instanceof ActionError && error.fields) Object.assign(errors, error.fields);
      else throw error;
    }
  }
  const perTransaction = termMinor(terms, "perTransactionLimit");
  const lifetime = termMinor(terms, "lifetimeLimit");
  if (!errors.lifetimeLimit && perTransaction !== null && lifetime !== null && lifetime < perTransaction) {
    errors.lifetimeLimit = LIFETIME_BELOW_PER_TRANSACTION;
  }
  if (Object.keys(errors).length > 0) throw new ActionError("invalid_input", "Some fields need attention.", errors);
  return { terms, changes };
}

/**
 * A limit increase's lowered limits, on the card as read under the request's lock (assertCardUnchanged): a lifetime
 * limit below what the card has already spent, or limits that no longer raise either of the card's, are refused on
 * their field as filing refuses them. Approved, the first could only fail, the second would be withdrawn as no longer
 * needed at once.
 */
function checkLoweredLimits(request: CardRequestRow, lowered: { terms: RequestTerms; changes: Changes }, card: CardView): void {
  const terms = request.kind === "limit_increase" ? limitTermsOf(lowered.terms) : null;
  if (!terms) return;
  const spent = whySpentMoreThan(terms.lifetime, card);
  if (spent) throw fieldError("lifetimeLimit", `${spent}: approve at least that much, or reject the request.`);
  if (!raisesALimit(terms, card, lifetimeLimitBefore(request.details))) {
    const today = `${formatMoney(card.limitPerTransaction, card.currency)} per transaction, ${card.limitLifetime === null ? "unlimited" : formatMoney(card.limitLifetime, card.currency)} lifetime`;
    const field = lowered.changes.lifetimeLimit ? "lifetimeLimit" : "perTransactionLimit";
    throw fieldError(field, `Lowered this far, it asks for no increase: at least one of the two limits must stay above today's (${today}).`);
  }
}

/** A lowered first deposit must still satisfy the product (its minimum), so the card can really be issued. */
async function checkStillIssuable(db: Db, user: SessionUser, request: CardRequestRow, terms: RequestTerms): Promise<void> {
  if (request.kind !== "new_card") return;
  const amounts = terms.amount !== undefined
    ? { initialAmount: decimalTerm(terms, "amount", request.currency) }
    : { perTransactionLimit: decimalTerm(terms, "perTransactionLimit", request.currency), lifetimeLimit: decimalTerm(terms, "lifetimeLimit", request.currency) };
  const parsed = issueCardSchema.safeParse({ ...request.details, ...amounts, ownerUserId: request.beneficiaryUserId, teamId: request.teamId });
  if (!parsed.success) throw fieldError("amount", "The request's card details are no longer valid; reject it and ask for a new one.");
  await prepareIssue(db, user, parsed.data).catch((error: unknown) => {
    // The product's fields are the requester's; the approver can only change amounts, so name the amount field.
    if (error instanceof ActionError && error.fields?.initialAmount) throw fieldError("amount", error.fields.initialAmount);
    throw error;
  });
}

/**
 * Approves the step the approver saw, optionally lowering amounts. The last approval hands the request to the executor;
 * otherwise the next step's approvers are told. One approval per step is enforced by a unique index as well.
 */
export async function approveRequest(db: Db, user: SessionUser, meta: RequestMeta, input: ApproveRequestInput): Promise<{ status: CardRequestRow["status"] }> {
  // Checked outside the lock (it reads products); the locked transaction below decides again on fresh state.
  const current = await findRequest(db, input.requestId);
  if (current && current.organizationId === user.organizationId && !(await whyCannotTakeStep(db, user, current))) {
    await checkStillIssuable(db, user, current, lowerTerms(current, input).terms);
  }

  const updated = await db.transaction(async (tx) => {
    const { request, standIn } = await lockForDecision(tx, user, input, "approve");
    const card = await assertCardUnchanged(tx, request);
    // An earlier step's approver deactivated or stripped of the step's role since: their approval cannot carry this on.
    const lapsed = await whyApprovalsLapsed(tx, request);
    if (lapsed) throw new ActionError("conflict", `${lapsed} This request cannot be approved further; reject it, and it can be filed again.`);
    const lowered = lowerTerms(request, input);
    if (card) checkLoweredLimits(request, lowered, card);
    const { terms, changes } = lowered;
    const step = request.currentStep;
    // A second, different finance member approves after finance standing in (routeAfterStandIn).
    const steps = standIn ? routeAfterStandIn(request.steps, step) : request.steps;
    const nextStep = step + 1;
    const last = nextStep >= steps.length;
    await insertRequestEvent(tx, {
      requestId: request.id,
      type: "approved",
      actorUserId: user.id,
      step,
      comment: input.comment || null,
      changes: Object.keys(changes).length > 0 ? changes : null,
      actedAs: standIn ? "finance" : null,
    });
    const next = await updateRequest(tx, request.id, {
      approved: terms,
      steps,
      currentStep: nextStep,
      lastApproverUserId: user.id,
      status: last ? "approved" : "pending",
      awaiting: last ? null : steps[nextStep],
      nextCheckAt: last ? new Date() : null,
    });
    await record(tx, auditContextFor(user, meta), {
      action: "request.approved",
      targetType: "request",
      targetId: request.id,
      teamId: request.teamId,
      summary: {
        kind: request.kind,
        step: step + 1,
        of: steps.length,
        role: request.steps[step],
        ...(standIn ? STAND_IN_AUDIT : {}),
        ...(steps.length > request.steps.length ? { addedStep: "finance" } : {}),
        comment: input.comment || undefined,
        changes,
        final: last,
        // MONEY: what this approval lets through (after any lowering), as request.executed records it: the audit row
        // alone says what was approved, not only the row of the execution that may follow.
        ...terms,
        currency: request.currency,
      },
    });
    // MONEY: a lowered approval says what was approved: the notice's line still reads the amount asked for.
    const amountLowered = Object.keys(changes).length > 0;
    const loweredTo = amountLowered ? ` (lowered: ${describeRequest(next)})` : "";
    await settleStepWaiting(tx, request, step, `approved by ${user.name}${loweredTo}`, { userId: user.id, outcome: `you approved it${loweredTo}` });
    // The requester's notice names what they asked beside what was approved, whichever step lowered it.
    const askedFor = termsLowered(next.requested, next.approved) ? `approved lower than asked (asked: ${describeRequest({ ...next, approved: next.requested })})` : null;
    if (last) await notifyOutcome(tx, next, "request.approved", "approved", askedFor);
    else await notifyStepWaiting(tx, next);
    return next;
  });
  // Committed first, enqueued second: if this is lost, the sweep finds the approved request (next_check_at).
  if (updated.status === "approved") await scheduleRequestExecution(updated.id, null).catch((error: unknown) => console.error(`[requests] could not enqueue ${updated.id}: ${error instanceof Error ? error.message : error}`));
  return { status: updated.status };
}

export async function rejectRequest(db: Db, user: SessionUser, meta: RequestMeta, input: RejectRequestInput): Promise<{ status: CardRequestRow["status"] }> {
  return db.transaction(async (tx) => {
    const { request, standIn } = await lockForDecision(tx, user, input, "reject");
    await insertRequestEvent(tx, { requestId: request.id, type: "rejected", actorUserId: user.id, step: request.currentStep, comment: input.comment, actedAs: standIn ? "finance" : null });
    const next = await updateRequest(tx, request.id, { status: "rejected", awaiting: null, completedAt: new Date() });
    await record(tx, auditContextFor(user, meta), {
      action: "request.rejected",
      targetType: "request",
      targetId: request.id,
      teamId: request.teamId,
      summary: { kind: request.kind, step: request.currentStep + 1, ...(standIn ? { role: request.steps[request.currentStep], ...STAND_IN_AUDIT } : {}), comment: input.comment },
    });
    await settleStepWaiting(tx, request, request.currentStep, `rejected by ${user.name}`, { userId: user.id, outcome: "you rejected it" });
    const approver = await findUserById(tx, user.id);
    await notifyOutcome(tx, next, "request.rejected", "rejected", `${approver?.name ?? "The approver"} wrote: “${input.comment}”`);
    return { status: next.status };
  });
}
