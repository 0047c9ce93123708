import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { findCardForView } from "@/db/queries/cards";
import { findOrder, listOpenOrdersForCard, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { findRequest, insertRequestEvent, lockRequest, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { findUserById, listActiveUserIdsWithRole } from "@/db/queries/users";
import { ActionError } from "@/lib/actions/result";
import { jobActor } from "@/lib/audit/job-actors";
import { record, type AuditContext } from "@/lib/audit/record";
import { toSessionUser, type RequestMeta } from "@/lib/auth/session-user";
import { issueCard } from "@/lib/cards/issue-card";
import { CardBusyError } from "@/lib/cards/card-busy-error";
import { ExecutionWithdrawnError, requestCardChange, type CardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { FundingShortfallError, neutralFundingFailure } from "@/lib/fees/funding-shortfall-error";
import { notifyAboutRequest } from "@/lib/notifications/notify";
import { followOrder } from "@/lib/orders/follow-order";
import { REVIEW_RECHECK_MS } from "@/lib/orders/order-deadline";
import { isFinal } from "@/lib/orders/settle-order";
import { approvedRequestAuthority } from "./authority";
import { busyCardVerdict } from "./busy-card";
import { executionKey } from "./execution-key";
import { EXECUTOR } from "./executor-name";
import { placingAccountId, takePlacementSlot } from "./placement-slots";
import { withdrawalForCardChange, withdrawAndTell, withdrawRequest, type CardWithProvider } from "./cancel-request";
import { whyCardClosed } from "./card-closed";
import { partiesStanding, whyApprovalsLapsed, whyCardChangedHands, whyPartyInactive } from "./policy";
import { notifyApproversOfFailure, notifyOutcome } from "./request-notices";
import { decimalTerm, describeRequest, lifetimeLimitBefore } from "./terms";

export { EXECUTOR };
const WORKER_META: RequestMeta = { ip: null, userAgent: `cardhub-worker (${EXECUTOR})` };
/** How long a claimed execution is left alone before the sweep looks at it again. */
const LEASE_MS = 30_000;
/** The soonest an execution whose order is still open is looked at again. */
const MIN_RECHECK_MS = 3_000;
/** How long after the order's own next check: the follow-order job, due then, has normally looked by that time. */
const AFTER_ORDER_CHECK_MS = 2_000;
/** How soon a request is looked at again when its provider account had no placement slot free. */
const SLOT_RECHECK_MS = 5_000;
/**
 * The longest between two looks at a request waiting for another change to its card to end: nothing wakes it when
 * that change ends (wakeRequestOfOrder wakes only the request carried out through the order), and a person may settle
 * one in review at any moment.
 */
const BUSY_CARD_RECHECK_MS = 60_000;
/** Open orders read for a card's busy check: few by the open-order rule; the bound only guards against a broken one. */
const OPEN_ORDERS_READ = 20;

/** The executor on the audit trail, by its job's name: what it does of its own (carry out, fail, withdraw) no person did. */
function executorContext(request: CardRequestRow): AuditContext {
  return { organizationId: request.organizationId, actorUserId: null, actorEmail: jobActor(EXECUTOR), actorRoles: [], ...WORKER_META };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (value: unknown) => (typeof value === "object" && value !== null && "code" in value ? (value as { code: unknown }).code : undefined);
  return code(error) === "23505" || code((error as { cause?: unknown })?.cause) === "23505";
}

/** Why an approval lapsed, as the failure a requester reads. */
const lapsedFailure = (why: string) => `${why} The request was not carried out; it can be filed again.`;

/**
 * Why the card, as it is now, withdraws the request rather than failing it: closed, already where it would take it,
 * reported lost (an unfreeze), or, for a limit increase, its lifetime limit lowered below the one the increase was
 * weighed on.
 */
function withdrawalFor(request: CardRequestRow, card: CardWithProvider): { reason: "card_closed" | "no_longer_needed" | "reported_lost" | "limit_lowered"; why: string } | null {
  const closed = whyCardClosed(card);
  if (closed) return { reason: "card_closed", why: closed };
  return withdrawalForCardChange(request, card);
}

/**
 * MONEY (audit): fails the attempt before anything was sent for it. It names no order: the request's order id may still
 * be an earlier attempt's, which the provider refused, and this failure is Cardhub's (failureOrigin), not that order's.
 */
async function failUnsent(tx: DbOrTx, request: CardRequestRow, message: string): Promise<CardRequestRow> {
  return recordFailure(tx, await updateRequest(tx, request.id, { orderId: null }), message);
}

/**
 * Moves approved → executing (once), or renews the lease of an execution already under way. Nothing is ordered for a
 * request that no longer stands: one whose card changed hands since it was filed, or one an earlier approval of which
 * lapsed (its approver deactivated or no longer in the step's role), fails with the reason and names no order (finance
 * may retry it once that is put right; the check runs again); one by or for a person deactivated since, about a card
 * closed since, asking to activate, unfreeze or raise the limits of a card that got there another way since, asking to
 * unfreeze a card reported lost since, or raising the limits of a card whose lifetime limit was lowered below the one it
 * was weighed on, is withdrawn (cancelled), as deactivating them, cancelling the card or that change withdraws it.
 */
async function claim(db: Db, requestId: string): Promise<CardRequestRow | null> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request || !isBeingCarriedOut(request)) return null;
    const lease = new Date(Date.now() + LEASE_MS);
    if (request.status === "executing") return updateRequest(tx, request.id, { nextCheckAt: lease });
    const card = request.cardId ? await findCardForView(tx, request.cardId) : null;
    const changedHands = card ? whyCardChangedHands(request, card) : null;
    if (changedHands) {
      await failUnsent(tx, request, changedHands);
      return null;
    }
    const withdrawal = card ? withdrawalFor(request, card) : null;
    if (withdrawal) {
      await withdrawAndTell(tx, { userId: null, audit: executorContext(request) }, request, { reason: withdrawal.reason, comment: `Withdrawn: ${withdrawal.why}` }, withdrawal.why);
      return null;
    }
    const inactive = whyPartyInactive(await partiesStanding(tx, request));
    if (inactive) {
      await withdrawRequest(tx, { userId: null, audit: executorContext(request) }, request, { reason: "party_inactive", comment: inactive });
      return null;
    }
    const lapsed = await whyApprovalsLapsed(tx, request);
    if (lapsed) {
      await failUnsent(tx, request, lapsedFailure(lapsed));
      return null;
    }
    await insertRequestEvent(tx, { requestId: request.id, type: "executing", actorUserId: null, step: request.executionAttempt });
    return updateRequest(tx, request.id, { status: "executing", orderId: executionKey(request.id, request.executionAttempt), failureMessage: null, nextCheckAt: lease });
  });
}

/** Writes the order with the request's key through the cards' own order path: issueCard or requestCardChange. */
async function placeOrder(db: Db, request: CardRequestRow, key: string): Promise<void> {
  // The order is made in the name of the last approver (their approval is what set it going), by the worker.
  const approver = request.lastApproverUserId ? await findUserById(db, request.lastApproverUserId) : null;
  if (!approver) throw new ActionError("conflict", "The request has no approver on record, so it was not executed.");
  // Checked again here, last thing before money moves: a claim whose worker died may be picked up much later.
  const notStanding = whyPartyInactive(await partiesStanding(db, request)) ?? (await whyApprovalsLapsed(db, request).then((why) => (why ? lapsedFailure(why) : null)));
  if (notStanding) throw new ActionError("conflict", notStanding);
  const actor = toSessionUser(approver, { id: EXECUTOR, reauthenticatedAt: new Date(0) });
  const terms = request.approved;
  const money = (field: "amount" | "perTransactionLimit" | "lifetimeLimit") => decimalTerm(terms, field, request.currency);
  if (request.kind === "new_card") {
    const amounts = terms.amount !== undefined ? { initialAmount: money("amount") } : { perTransactionLimit: money("perTransactionLimit"), lifetimeLimit: money("lifetimeLimit") };
    const input = issueCardSchema.parse({ ...request.details, ...amounts, ownerUserId: request.beneficiaryUserId, teamId: request.teamId });
    await issueCard(db, actor, WORKER_META, input, { orderId: key, forRequest: request.id });
    return;
  }
  if (!request.cardId) throw new ActionError("conflict", "The request names no card.");
  const change: CardChange =
    request.kind === "top_up"
      ? { type: "topup", amount: money("amount") }
      : request.kind === "limit_increase"
        ? { type: "limits", perTransactionLimit: money("perTransactionLimit"), lifetimeLimit: money("lifetimeLimit") }
        : // A status change (unfreeze, activate) is the card change of the same name.
          { type: request.kind };
  await requestCardChange(db, actor, WORKER_META, request.cardId, change, {
    orderId: key,
    authority: approvedRequestAuthority(request.organizationId),
    holder: { beneficiaryUserId: request.beneficiaryUserId, teamId: request.teamId },
    execution: { requestId: request.id, attempt: request.executionAttempt },
    // MONEY: an approved increase never lowers a limit the card has under the order's lock (limitsToSet).
    ...(request.kind === "limit_increase" ? { raiseOnly: { lifetimeAtFiling: lifetimeLimitBefore(request.details) } } : {}),
  });
}

/** How an attempt failed: the reason in words, or the funding account falling short (whose figures finance alone reads). */
type Failure = string | FundingShortfallError;
type Outcome = { done: true; order: ProviderOrderRow } | { done: false; failure: Failure };

/** Records the end of an execution once: Done (with the issued card) or Failed (with the reason in words). */
async function finish(db: Db, requestId: string, outcome: Outcome): Promise<CardRequestRow | null> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request || request.status !== "executing") return request;
    const attempt = request.executionAttempt;
    if (outcome.done) {
      const next = await updateRequest(tx, request.id, { status: "done", cardId: request.cardId ?? outcome.order.cardId, nextCheckAt: null, completedAt: new Date() });
      await insertRequestEvent(tx, { requestId: request.id, type: "executed", actorUserId: null, step: attempt });
      await record(tx, executorContext(request), {
        action: "request.executed",
        targetType: "request",
        targetId: request.id,
        teamId: request.teamId,
        summary: { kind: request.kind, orderId: outcome.order.id, cardId: next.cardId ?? undefined, attempt, ...request.approved, currency: request.currency },
      });
      await notifyOutcome(tx, next, "request.done", `attempt:${attempt}:done`);
      return next;
    }
    return recordFailure(tx, request, outcome.failure);
  });
}

/**
 * SECURITY (funding.view): the funding account fell short. The request's reason, timeline, team-tagged audit row and
 * its people's notices are read by requesters and team managers, who may not see funding: they get words with no
 * balance. Finance, who may see it and can top the account up and retry, is told the figures in a notice of its own.
 */
async function tellFinanceOfShortfall(tx: DbOrTx, request: CardRequestRow, shortfall: FundingShortfallError): Promise<{ reason: string; told: string[] }> {
  const finance = await listActiveUserIdsWithRole(tx, { organizationId: request.organizationId, role: "finance" });
  const beneficiary = await findUserById(tx, request.beneficiaryUserId);
  const what = beneficiary ? `${describeRequest(request)}, for ${beneficiary.name}` : describeRequest(request);
  await notifyAboutRequest(tx, {
    organizationId: request.organizationId,
    requestId: request.id,
    kind: "request.failed",
    event: `attempt:${request.executionAttempt}:funding_short`,
    recipients: finance,
    title: "A request failed: the funding account is short",
    body: `${what}: ${shortfall.shortfall} Top up the funding account, then retry the request.`,
  });
  return { reason: neutralFundingFailure(shortfall.what, finance.length > 0), told: finance };
}

/** Ends the request's attempt as Failed, with the reason in words, on its timeline, in the audit log and to its people. */
async function recordFailure(tx: DbOrTx, request: CardRequestRow, failure: Failure): Promise<CardRequestRow> {
  const { reason: message, told } = typeof failure === "string" ? { reason: failure, told: [] } : await tellFinanceOfShortfall(tx, request, failure);
  const attempt = request.executionAttempt;
  const next = await updateRequest(tx, request.id, { status: "failed", failureMessage: message, nextCheckAt: null, completedAt: new Date() });
  await insertRequestEvent(tx, { requestId: request.id, type: "failed", actorUserId: null, step: attempt, comment: message });
  await record(tx, executorContext(request), {
    action: "request.failed",
    outcome: "failure",
    targetType: "request",
    targetId: request.id,
    teamId: request.teamId,
    summary: { kind: request.kind, orderId: request.orderId ?? undefined, attempt, reason: message },
  });
  await notifyOutcome(tx, next, "request.failed", `attempt:${attempt}:failed`, message);
  await notifyApproversOfFailure(tx, next, message, told);
  return next;
}

function describeRefusal(error: ActionError): string {
  const fields = Object.values(error.fields ?? {});
  return fields.length > 0 ? fields.join(" ") : error.message;
}

export type ExecutionStep = { request: CardRequestRow | null; recheckAt: Date | null };

/**
 * One step of carrying out an approved request. Safe to run any number of times, at once or after a crash at any
 * point: steps of one request take turns, and the order's key is derived from the request, so a later run finds the
 * earlier one's order and follows it instead of placing another (or reporting it as a conflicting change).
 */
export async function executeRequest(db: Db, requestId: string): Promise<ExecutionStep> {
  // Two runs at once (two workers, or the sweep's copy beside a late job) would both see no order yet and both try to
  // place it. The lock is held by a transaction that writes nothing while the step runs on other connections, and is
  // released however the step ends, the worker's death included. A run that finds it held ends at once rather than wait
  // in one of the executor's slots behind a placement that may take the provider's whole timeout: the run holding it
  // schedules the request's next look, and should it die, the sweep queues the request again.
  return db.transaction(async (tx) => {
    const taken = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(hashtextextended(${`request:${requestId}`}, 0)) as locked`);
    if (!taken.rows[0]?.locked) return { request: await findRequest(db, requestId), recheckAt: null };
    // Read once for both waits: the request about to place its order, or null when it has one or is not carried out.
    const placing = await requestAboutToPlace(db, requestId);
    const waiting = placing && ((await waitForBusyCard(db, placing)) ?? (await waitForPlacementSlot(db, tx, placing)));
    if (waiting) return waiting;
    return executeStep(db, requestId);
  });
}

/** Whether a request is still to be carried out: approved, or executing; not ended, cancelled or withdrawn. */
function isBeingCarriedOut(request: CardRequestRow): boolean {
  return request.status === "approved" || request.status === "executing";
}

/** The request when it is about to place its order: still being carried out, and no order under its key yet. */
async function requestAboutToPlace(db: Db, requestId: string): Promise<CardRequestRow | null> {
  const request = await findRequest(db, requestId);
  if (!request || !isBeingCarriedOut(request)) return null;
  return (await findOrder(db, executionKey(request.id, request.executionAttempt))) ? null : request;
}

/**
 * A request about to place its order (none yet under its key) on a card with another change still open waits for it
 * to end, as the open-order rule makes a person at the card's dialog wait: it is left as it is, before claim writes
 * anything (still approved, so its requester may cancel it and a card closed meanwhile withdraws it; or executing, when
 * it met that change under the card's lock after its claim), and looked at again just after the soonest of those
 * orders' next checks, within BUSY_CARD_RECHECK_MS. It fails, in the request page's words, when the card is being
 * cancelled or the change has stayed open too long (busyCardVerdict). MONEY: this only decides whether to place now;
 * nothing is placed here, and the request's key and lock still decide that one order is placed.
 */
async function waitForBusyCard(db: Db, request: CardRequestRow): Promise<ExecutionStep | null> {
  const requestId = request.id;
  if (!request.cardId || request.kind === "new_card") return null;
  const card = await findCardForView(db, request.cardId);
  if (!card) return null;
  const verdict = busyCardVerdict(request.kind, card, await listOpenOrdersForCard(db, { cardId: card.id, limit: OPEN_ORDERS_READ }), request.cardBusySince);
  if (!verdict) return null;
  if ("fail" in verdict) return { request: await failWhileWaiting(db, requestId, verdict.fail), recheckAt: null };
  const now = Date.now();
  return lookAgainAt(db, requestId, new Date(Math.min(nextLookAt(verdict.wait, now).getTime(), now + BUSY_CARD_RECHECK_MS)), { waitingOnCard: true });
}

/** Fails a request that placed nothing (approved, or executing with no order under its key), under its lock. */
async function failWhileWaiting(db: Db, requestId: string, message: string): Promise<CardRequestRow | null> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request || !isBeingCarriedOut(request)) return request;
    // MONEY: an order under its key may have moved money; such a request is followed, never failed from here.
    if (await findOrder(tx, executionKey(request.id, request.executionAttempt))) return request;
    return failUnsent(tx, request, message);
  });
}

/**
 * Schedules a request's next look, unless it has ended meanwhile (cancelled by its requester, withdrawn). `waitingOnCard`:
 * it waits for another change to its card, and the day it may wait (busyCardVerdict) starts now unless it already began.
 */
async function lookAgainAt(db: Db, requestId: string, at: Date, options: { waitingOnCard?: boolean } = {}): Promise<ExecutionStep> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request || !isBeingCarriedOut(request)) return { request, recheckAt: null };
    const since = options.waitingOnCard && !request.cardBusySince ? { cardBusySince: new Date() } : {};
    return { request: await updateRequest(tx, request.id, { nextCheckAt: at, ...since }), recheckAt: at };
  });
}

/**
 * A request about to place its order (none yet under its key) first takes one of its provider account's placement
 * slots, in the transaction holding its lock for the step, so the account's hanging provider cannot take every executor
 * slot. With none free it is left exactly as it is, before claim writes anything, and looked at again in a few seconds.
 * Following an order already placed takes no slot. MONEY: the slot only decides whether to place now; the key and the
 * request's lock still decide that one order is placed.
 */
async function waitForPlacementSlot(db: Db, tx: DbOrTx, request: CardRequestRow): Promise<ExecutionStep | null> {
  const accountId = await placingAccountId(db, request);
  if (!accountId || (await takePlacementSlot(tx, accountId))) return null;
  return { request, recheckAt: new Date(Date.now() + SLOT_RECHECK_MS) };
}

/**
 * Whether the order's own schedule lets it be asked about now. Before then the provider is not asked (it may have said
 * when to come back, and an order in review is looked up hourly); the follow-order job keeps that schedule. An order
 * with no next check on record is due, as it is to the reconcile job and to a submission's claim.
 */
function isDueForALook(order: ProviderOrderRow): boolean {
  return order.nextCheckAt === null || order.nextCheckAt.getTime() <= Date.now();
}

/**
 * When an execution whose order is still open is looked at again: just after the order's own next check (backoff,
 * Retry-After, hourly in review), so it mostly reads what the follow-order job found; never sooner than a few seconds,
 * never later than the longest wait between two checks of an open order. The order's end is not waited for here:
 * whoever ends it queues the request at once (lib/jobs/wake-request-of-order.ts).
 */
function nextLookAt(order: Pick<ProviderOrderRow, "nextCheckAt"> | null, now = Date.now()): Date {
  const afterOrderCheck = order?.nextCheckAt ? order.nextCheckAt.getTime() + AFTER_ORDER_CHECK_MS : now;
  return new Date(Math.min(Math.max(afterOrderCheck, now + MIN_RECHECK_MS), now + REVIEW_RECHECK_MS));
}

async function executeStep(db: Db, requestId: string): Promise<ExecutionStep> {
  const claimed = await claim(db, requestId);
  if (!claimed) return { request: await findRequest(db, requestId), recheckAt: null };
  const key = executionKey(claimed.id, claimed.executionAttempt);
  let order = await findOrder(db, key);
  if (!order) {
    try {
      await placeOrder(db, claimed, key);
    } catch (error) {
      // Another change reached the card between the busy check and the card's lock: wait for it all the same.
      if (error instanceof CardBusyError) {
        const placing = await requestAboutToPlace(db, requestId);
        return (placing && (await waitForBusyCard(db, placing))) ?? lookAgainAt(db, requestId, new Date(Date.now() + MIN_RECHECK_MS), { waitingOnCard: true });
      }
      // Cancelled by its requester while it waited: nothing was written or sent, and nothing is left to do.
      if (error instanceof ExecutionWithdrawnError) return { request: await findRequest(db, requestId), recheckAt: null };
      if (error instanceof ActionError) {
        const failure = error instanceof FundingShortfallError ? error : describeRefusal(error);
        return { request: await finish(db, requestId, { done: false, failure }), recheckAt: null };
      }
      // Someone else placed it a moment ago; anything else stays "executing" and the sweep comes back to it.
      if (!isUniqueViolation(error)) throw error;
    }
    order = await findOrder(db, key);
  } else if (isFinal(order) || isDueForALook(order)) {
    // An order found ended is followed too: that reads its card only if the read is still owed (its executor died
    // between recording the end and reading the card; followOrder).
    order = await followOrder(db, key);
  }
  if (order && isFinal(order)) {
    const outcome: Outcome =
      order.status === "completed" ? { done: true, order } : { done: false, failure: order.failureMessage ?? "The provider refused the request without a reason." };
    return { request: await finish(db, requestId, outcome), recheckAt: null };
  }
  // The provider has not answered for good yet (pending, or an unknown outcome such as a timeout): look again when
  // the order is next checked.
  const recheckAt = nextLookAt(order);
  return { request: await updateRequest(db, requestId, { nextCheckAt: recheckAt }), recheckAt };
}
