import type { Db, DbOrTx } from "@/db/client";
import { findCard, lockCard, updateCard, type NewCard } from "@/db/queries/card-updates";
import { lockOrder, updateOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { findExecutionOfOrder } from "@/db/queries/request-of-order";
import type { AuditAction } from "@/lib/audit/actions";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import { recordChargedFee } from "@/lib/fees/record-charged-fee";
import { notifyHolderOfStatusChange } from "@/lib/notifications/card-status-notice";
import { CurrencyMismatchError, isKnownCurrency, MoneyError } from "@/lib/money";
import { withdrawRequestsEndedByOrder } from "@/lib/requests/order-withdrawals";
import type { Order, OrderType } from "@/lib/providers";
import { cancelBalanceOutcome, type CancelBalance } from "./cancel-balance";
import { completionOf } from "./order-times-in-zone";
import { CARD_NOT_CHANGED } from "./resolution";
import type { OrderRequest } from "./order-request";

const COMPLETED_ACTION: Record<OrderType, AuditAction> = {
  issue: "card.issued",
  freeze: "card.frozen",
  unfreeze: "card.unfrozen",
  cancel: "card.cancelled",
  topup: "card.topped_up",
  withdraw: "card.withdrawn",
  limits: "card.limits_changed",
  activate: "card.activated",
};

/** Check a young order often and an old one rarely: a tenth of its age, between 1.5 s and a minute. */
function recheckDelayMs(createdAt: Date): number {
  return Math.min(60_000, Math.max(1500, (Date.now() - createdAt.getTime()) / 10));
}

/** The change to the card a completed order implies by itself (balances come from the provider's own figures). */
export function knownEffect(order: ProviderOrderRow): Partial<NewCard> | null {
  const request = order.request as OrderRequest;
  switch (request.type) {
    case "freeze":
      return { status: "frozen" };
    case "unfreeze":
      return { status: "active" };
    case "cancel":
      return { status: "cancelled" };
    case "activate":
      return { status: "active" };
    case "limits":
      return { limitPerTransaction: BigInt(request.perTransaction), limitLifetime: request.lifetime === null ? null : BigInt(request.lifetime) };
    case "topup":
    case "withdraw":
      // The balance moved by an amount only the provider's next answer states exactly (fees): nothing to write, but
      // the card changed now, so a view of it read before this moment is not stored over it (updateCardUnlessChangedSince).
      return {};
    case "issue":
      return null;
  }
}

/** A cancel order's balanceWhenPlaced (OrderRequest); undefined when the order did not keep one. */
function balanceWhenPlaced(order: ProviderOrderRow): bigint | null | undefined {
  const request = order.request as OrderRequest;
  if (request.type !== "cancel" || request.balanceWhenPlaced === undefined) return undefined;
  return request.balanceWhenPlaced === null ? null : BigInt(request.balanceWhenPlaced);
}

export function isFinal(order: Pick<ProviderOrderRow, "status">): boolean {
  return order.status === "completed" || order.status === "failed";
}

/**
 * Money boundary: the fee as the provider stated it, minor units of the currency it names (not always the order's: a
 * Cardepass fee's items name their own, a USD fee on a JPY card), kept with that currency (fee_currency). An answer
 * stating none keeps the fee already known. A fee in a code Cardhub does not know (its minor unit would be a guess) or
 * below zero (no charge) is refused: the order is not settled and stays open with the reason, as any answer Cardhub
 * cannot book, rather than store a sum nobody can read correctly or teach it to the product as its last charged fee.
 */
function feeOf(order: ProviderOrderRow, result: Order): { fee: bigint | null; feeCurrency: string | null } {
  if (!result.fee) return { fee: order.fee, feeCurrency: order.feeCurrency };
  const { amount, currency } = result.fee;
  if (!isKnownCurrency(currency)) {
    throw new CurrencyMismatchError(`The provider stated the fee of ${order.type} order ${order.id} in ${currency}, a currency Cardhub does not know; it was not settled.`);
  }
  if (amount < 0n) throw new MoneyError(`The provider stated a negative fee for ${order.type} order ${order.id}; it was not settled.`);
  return { fee: amount, feeCurrency: currency };
}

/**
 * A limits order's limits as they were when it was placed and as it set them, for card.limits_changed (in the order's
 * currency, which summaryOf records); nothing for any other order.
 */
function limitsChange(order: ProviderOrderRow): Record<string, unknown> {
  const request = order.request as OrderRequest;
  if (request.type !== "limits") return {};
  return { ...(request.before ? { before: request.before } : {}), after: { perTransaction: request.perTransaction, lifetime: request.lifetime } };
}

function summaryOf(order: ProviderOrderRow, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { orderId: order.id, type: order.type, amount: order.amount, currency: order.currency, ...extra };
}

/**
 * Records what the provider said about an order, once: the row is locked and a final order is never changed
 * again, so a webhook, the poller and a retried job racing each other all end in the same state.
 */
export async function settleOrder(db: Db, orderId: string, result: Order): Promise<ProviderOrderRow | null> {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || isFinal(order)) return order;
    return settleLocked(tx, order, result);
  });
}

/** settleOrder on an order the caller has locked and found open (a person settling a review in their own transaction). */
export async function settleLocked(tx: DbOrTx, order: ProviderOrderRow, result: Order): Promise<ProviderOrderRow> {
  const providerOrderId = result.providerOrderId ?? order.providerOrderId;
  if (result.status === "pending") {
    // The first answer may be the only one that states the fee (Cardepass withdrawals): keep it now.
    const charged = feeOf(order, result);
    // An order in review stays in review until the provider says how it ended.
    const status = order.status === "needs_review" ? "needs_review" : "pending";
    return updateOrder(tx, order.id, { status, providerOrderId, ...charged, nextCheckAt: new Date(Date.now() + recheckDelayMs(order.createdAt)) });
  }
  const context = await workerAuditContext(tx, order.createdByUserId, order.organizationId);
  // Lock order: the order, its card, then the card's requests (withdrawn below) and the audit chain.
  const card = order.cardId ? await lockCard(tx, order.cardId) : null;
  const target = { targetType: "card", targetId: order.cardId ?? undefined, teamId: card?.teamId ?? null };
  if (result.status === "completed") {
    const charged = feeOf(order, result);
    const fee = charged.fee === null || charged.feeCurrency === null ? null : { amount: charged.fee, currency: charged.feeCurrency };
    const { completedAt, completedAtReadInZone } = await completionOf(tx, order, result);
    // What happened to the card's balance; as last known when the cancellation was placed (a card sync meanwhile may
    // already have stored the emptied card), or as last stored for an order placed before that was kept.
    const cancelBalance: CancelBalance | null =
      order.type === "cancel" && card
        ? cancelBalanceOutcome({ provider: result.provider, model: card.cardModel, currency: order.currency ?? card.currency, reported: result.amount, fee, lastKnown: balanceWhenPlaced(order) ?? card.balance })
        : null;
    const completed = await updateOrder(tx, order.id, {
      status: "completed",
      providerOrderId,
      ...charged,
      completedAt,
      completedAtReadInZone,
      nextCheckAt: null,
      // In the end's own commit: the card's read after it is owed until afterOrderEnded has done it.
      cardReadDueAt: order.cardId ? new Date() : null,
      // Money boundary: only an amount the provider says it returned becomes the order's amount; a last known or
      // merely reported balance stays in the outcome, marked as what it is.
      ...(cancelBalance
        ? {
            cancelBalance,
            ...(cancelBalance.kind === "returned" && cancelBalance.amount !== null ? { amount: BigInt(cancelBalance.amount), currency: cancelBalance.currency } : {}),
          }
        : {}),
    });
    if (card) await recordChargedFee(tx, { orderId: order.id, type: order.type, productId: card.productId, model: card.cardModel, fee: charged.fee, currency: charged.feeCurrency, at: completedAt });
    if (order.type === "issue" && order.cardId && result.cardIds[0]) {
      await updateCard(tx, order.cardId, { providerCardId: result.cardIds[0] });
    }
    // What the provider confirmed is true now, even if the card refresh that follows meets an outage.
    const effect = order.cardId ? knownEffect(order) : null;
    if (effect && order.cardId) await updateCard(tx, order.cardId, effect);
    // In the same commit as the order's end: a crash or a failure after it cannot leave them waiting for good.
    await withdrawRequestsEndedByOrder(tx, completed);
    const balanceSummary = cancelBalance ? { balance: cancelBalance, balanceText: cancelBalance.text } : {};
    // An approved request's order is made in its last approver's name; its rows name the request too, so they read as
    // Cardhub carrying out what that person approved, not as that person's own act (components/audit/describe-event.ts).
    const execution = await findExecutionOfOrder(tx, order.id);
    const forRequest = execution ? { forRequest: execution.id } : {};
    await record(tx, context, { action: COMPLETED_ACTION[order.type], ...target, summary: summaryOf(completed, { ...charged, providerOrderId, ...balanceSummary, ...limitsChange(order), ...forRequest }) });
    await record(tx, context, { action: "order.completed", targetType: "order", targetId: order.id, teamId: target.teamId, summary: summaryOf(order, forRequest) });
    if (card && !execution) await notifyHolderOfStatusChange(tx, { orderId: order.id, type: order.type, card, byUserId: order.createdByUserId });
    return completed;
  }
  // Read from the card, a "failed" answer says the card is not in the action's state, not that the request was refused.
  const code = result.fromCardState ? CARD_NOT_CHANGED : "provider_failed";
  return failLocked(tx, order, code, result.failureReason ?? "The provider declined the order without giving a reason.");
}

/** Marks an order failed for good, keeping the reason a finance person can read. */
export async function failOrder(db: Db, orderId: string, code: string, message: string): Promise<ProviderOrderRow | null> {
  return db.transaction(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || isFinal(order)) return order;
    return failLocked(tx, order, code, message);
  });
}

/** failOrder on an order the caller has locked and found open. */
export async function failLocked(tx: DbOrTx, order: ProviderOrderRow, code: string, message: string): Promise<ProviderOrderRow> {
  const failed = await updateOrder(tx, order.id, { status: "failed", failureCode: code, failureMessage: message, nextCheckAt: null, completedAt: new Date(), cardReadDueAt: order.cardId ? new Date() : null });
  if (order.type === "issue" && order.cardId) await updateCard(tx, order.cardId, { status: "failed" });
  const context = await workerAuditContext(tx, order.createdByUserId, order.organizationId);
  const teamId = order.cardId ? ((await findCard(tx, order.cardId))?.teamId ?? null) : null;
  const summary = summaryOf(order, { failureCode: code, failureMessage: message });
  if (order.type === "issue") {
    await record(tx, context, { action: "card.issue_failed", outcome: "failure", targetType: "card", targetId: order.cardId ?? undefined, teamId, summary });
  }
  await record(tx, context, { action: "order.failed", outcome: "failure", targetType: "card", targetId: order.cardId ?? undefined, teamId, summary });
  return failed;
}
