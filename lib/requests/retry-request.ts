import type { Db, DbOrTx } from "@/db/client";
import { lockCard, type CardRow } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { findOrder } from "@/db/queries/provider-orders";
import { findRequest, hasOpenRequestForCard, insertRequestEvent, lockRequest, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { ActionError } from "@/lib/actions/result";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { scheduleRequestExecution } from "@/lib/jobs/execute-request-job";
import { whyCardClosed } from "./card-closed";
import { whyApprovedLifetimeSpent } from "./card-request-approvable";
import { whyCardCannotTake } from "./card-takes-request";
import { executionKey } from "./execution-key";
import { whyLifetimeLoweredSinceFiling } from "./limit-lowered";
import { partiesStanding, weighWithEarlierFunding, whyApprovalsLapsed, whyCardChangedHands, whyPartyInactive } from "./policy";
import { formatMoney } from "@/lib/format";

/**
 * MONEY: a retry carries the request out on the approvals it already has, which were given for the card's holder and
 * team at filing, so it is refused once the card is someone else's or in another team (a reassignment withdraws only
 * open requests, so a failed one outlives it), or can no longer take this kind of change: its provider no longer knows
 * it, or its account is disabled (every kind of card request moves money or raises spending power, which a disabled
 * account does not), or, for a limit increase, the card has spent more than its lifetime limit (as approving refuses)
 * or its lifetime limit was lowered below the one the increase was weighed on (whyLifetimeLoweredSinceFiling). Read
 * under the card's lock, which a reassignment takes too. The words end up on the request page, so they say what to do
 * instead.
 */
async function whyCardRefusesRetry(tx: DbOrTx, request: CardRequestRow, card: CardRow): Promise<string | null> {
  if (request.kind === "new_card" || card.id !== request.cardId) return null;
  const changedHands = whyCardChangedHands(request, card);
  if (changedHands) return `${changedHands} Its approvals do not cover the card as it is now, so it cannot be retried: the card's holder can file a new request instead.`;
  const closed = whyCardClosed(card);
  if (closed) return `${closed} It cannot be retried: file a new request instead.`;
  if (card.providerMissingSince) return `${NOT_FOUND_AT_PROVIDER_REASON} So this request cannot be retried.`;
  const account = await findProviderAccount(tx, card.providerAccountId);
  if (account?.active === false) return `${ACCOUNT_DISABLED_REASON} So this request cannot be retried now: retry it once the account is enabled again.`;
  const cannotTake = account ? whyCardCannotTake(request.kind, { ...card, provider: account.provider }) : null;
  if (cannotTake) return `${cannotTake} So this request cannot be retried now: retry it once the card can take it, or file a new request instead.`;
  return whyLifetimeSpent(request, card) ?? whyLifetimeLoweredSinceFiling(request, card);
}

/** A limit increase whose lifetime limit is below what the card has spent since: one approving would refuse now. */
function whyLifetimeSpent(request: CardRequestRow, card: CardRow): string | null {
  const spent = whyApprovedLifetimeSpent(request, card);
  if (!spent) return null;
  return `${spent}, the lifetime limit this request was approved for, so it cannot be retried: its holder can file a new request for a lifetime limit above what the card has spent.`;
}

/**
 * Finance runs a failed request again. The key stays the request's unless the provider definitively refused the
 * order placed with it (a failed order row): resending a refused key would only be refused again, and a failed
 * order can no longer move money, so only then does the attempt, and with it the derived key, advance.
 */
export async function retryRequest(db: Db, user: SessionUser, meta: RequestMeta, input: { requestId: string }): Promise<{ status: CardRequestRow["status"]; orderKey: string }> {
  const updated = await db.transaction(async (tx) => {
    // The card's lock first, then the request's, in the order filing and reassigning take them.
    const cardId = (await findRequest(tx, input.requestId))?.cardId;
    const card = cardId ? await lockCard(tx, cardId) : null;
    const request = await lockRequest(tx, input.requestId);
    if (!request || request.organizationId !== user.organizationId) throw new ActionError("not_found", "That request does not exist.");
    if (!user.roles.includes("finance")) throw new ActionError("forbidden", "Only finance can retry a failed request.");
    if (user.id === request.requesterUserId || user.id === request.beneficiaryUserId) throw new ActionError("forbidden", "Nobody retries their own request.");
    if (request.status !== "failed") throw new ActionError("conflict", "Only a failed request can be retried.");
    const refusal = card ? await whyCardRefusesRetry(tx, request, card) : null;
    if (refusal) throw new ActionError("conflict", refusal);
    // Carried out on the approvals it has, by and for the people it names: the executor fails or withdraws it at once
    // when one of those no longer stands, so finance is told why now rather than that it was sent again.
    const inactive = whyPartyInactive(await partiesStanding(tx, request));
    if (inactive) throw new ActionError("conflict", inactive);
    const lapsed = await whyApprovalsLapsed(tx, request);
    if (lapsed) throw new ActionError("conflict", `${lapsed} So it cannot be retried: have it filed again.`);
    // A failed request is closed, so a newer one of its kind may have been filed for the card: that one stands.
    if (request.cardId && (await hasOpenRequestForCard(tx, { cardId: request.cardId, kind: request.kind }))) {
      throw new ActionError("conflict", "A newer request of this kind for this card is open, so this one cannot be retried. Follow the newer one instead.");
    }
    // MONEY: a failed request is left out of the person's 30-day sum, so others filed since were weighed without it.
    // Run again now, it would add to them on an approval given for it alone: past the threshold it must be filed again.
    if (request.policyAmount !== null && request.policyAmount < request.threshold) {
      const weighed = await weighWithEarlierFunding(tx, { ...request, terms: request.approved, policyAmount: request.policyAmount });
      if (weighed.policyAmount !== null && weighed.policyAmount >= request.threshold) {
        throw new ActionError(
          "conflict",
          `With the requests filed since it failed, this one would add up to ${formatMoney(weighed.policyAmount, request.currency)} in 30 days, at or above the ${formatMoney(request.threshold, request.currency)} threshold it was approved under. It needs a finance approval it did not have: have it filed again.`,
        );
      }
    }
    const previousKey = executionKey(request.id, request.executionAttempt);
    const previousOrder = await findOrder(tx, previousKey);
    const refused = previousOrder?.status === "failed";
    const attempt = refused ? request.executionAttempt + 1 : request.executionAttempt;
    await insertRequestEvent(tx, { requestId: request.id, type: "retried", actorUserId: user.id, step: attempt });
    // A new attempt that meets a busy card waits its own day (busyCardVerdict), not what is left of the last one's.
    const next = await updateRequest(tx, request.id, { status: "approved", executionAttempt: attempt, failureMessage: null, completedAt: null, nextCheckAt: new Date(), cardBusySince: null });
    await record(tx, auditContextFor(user, meta), {
      action: "request.retried",
      targetType: "request",
      targetId: request.id,
      teamId: request.teamId,
      summary: { kind: request.kind, attempt, orderKey: executionKey(request.id, attempt), previousOrderKey: previousKey, previousOrderStatus: previousOrder?.status ?? "none" },
    });
    return next;
  });
  await scheduleRequestExecution(updated.id, null).catch((error: unknown) => console.error(`[requests] could not enqueue ${updated.id}: ${error instanceof Error ? error.message : error}`));
  return { status: updated.status, orderKey: executionKey(updated.id, updated.executionAttempt) };
}
