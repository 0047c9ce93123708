import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { clearCardReadDue, findOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { providerLabel } from "@/lib/providers/errors";
import { providerForAccount } from "@/lib/providers/for-account";
import { afterOrderEnded } from "./after-order-ended";
import { withReportedCancelBalance } from "./cancel-balance";
import { lookUpOrder } from "./look-up-order";
import { isPastReviewDeadline, orderTimingFor } from "./order-deadline";
import { failOrder, isFinal, settleOrder } from "./settle-order";
import { NO_RECORD_AT_PROVIDER } from "./resolution";
import { orderTarget, submitOrder } from "./submit-order";
import { markNeedsReview, recordUnknownOutcome } from "./unknown-outcome";

/**
 * One step of following an order to its end: submit it if it was never confirmed sent, otherwise ask the provider
 * how it stands. When it ends, afterOrderEnded follows (the card read again); an order found already ended whose card
 * was not read since has it read now (cardUnreadSinceEnd). Safe to run twice at once.
 */
export async function followOrder(db: Db, orderId: string): Promise<ProviderOrderRow | null> {
  let order = await findOrder(db, orderId);
  if (!order) return order;
  if (isFinal(order)) {
    if (await cardUnreadSinceEnd(db, order)) await afterOrderEnded(db, order);
    // Read since (by a sync, or a process that died just after the read): nothing is owed any more.
    else if (order.cardReadDueAt) await clearCardReadDue(db, order.id);
    return order;
  }
  if (order.status === "created" && order.attempts > 0 && isPastReviewDeadline(order)) {
    // Hours later nobody expects it to be sent again by itself: a person looks, and the lookups continue.
    order = await markNeedsReview(db, order.id, order.failureMessage ?? "The provider never confirmed receiving the request.", "deadline");
  } else {
    order = order.status === "created" ? await submitOrder(db, orderId) : await checkOpenOrder(db, order);
  }
  if (order && isFinal(order)) await afterOrderEnded(db, order);
  return order;
}

/**
 * MONEY: whether an ended order's card has not been read since the end was recorded (its last stored read is older).
 * Recording the end and reading the card are two steps, and a worker that dies between them leaves the order final
 * and the card's balance as it was before the order; no reconcile run looks at a final order again. So every later
 * follow-up of it (the dead worker's job handed out again by pg-boss, the order's follow-up still queued behind an
 * executor that ended it, a submission repeated) redoes the read, which is idempotent. Chosen over queueing a read at
 * the end because the end's own commit already records that it is owed (the order's updated_at against the card's
 * last_synced_at): no second write that a crash could separate from the first. A read that began before the end is
 * not stored over it (updateCardUnlessChangedSince), so it leaves the read owed too. A card never issued has nothing
 * to read.
 */
async function cardUnreadSinceEnd(db: Db, order: ProviderOrderRow): Promise<boolean> {
  const card = order.cardId ? await findCard(db, order.cardId) : null;
  if (!card?.providerCardId) return false;
  return card.lastSyncedAt === null || card.lastSyncedAt.getTime() < order.updatedAt.getTime();
}

/**
 * A pending order (or one in review) is settled only by what the provider says about it: its order status, or its
 * records showing the request never arrived. Anything else, an unreadable answer included, leaves it open.
 */
async function checkOpenOrder(db: Db, order: ProviderOrderRow): Promise<ProviderOrderRow | null> {
  const provider = await providerForAccount(db, order.providerAccountId);
  const target = await orderTarget(db, order);
  const { graceMs } = await orderTimingFor(db, order.providerAccountId);
  try {
    const found = await lookUpOrder(db, provider, order, target, graceMs);
    switch (found.kind) {
      case "answer":
        return await settleOrder(db, order.id, await withReportedCancelBalance(provider, order, target, found.order));
      case "absent":
        // Hours after it went out, the provider's own records are its word that nothing was done.
        if (order.status === "needs_review") return await failOrder(db, order.id, NO_RECORD_AT_PROVIDER, `${providerLabel(provider.name)} has no record of this request, so nothing was done. ${found.reason}`);
        return await recordUnknownOutcome(db, order, found.reason);
      case "not_yet":
        return await recordUnknownOutcome(db, order, found.reason);
      case "no_lookup":
        return order.status === "needs_review" ? await recordUnknownOutcome(db, order, found.reason) : await markNeedsReview(db, order.id, found.reason, "no_lookup");
    }
  } catch (error) {
    return recordUnknownOutcome(db, order, error);
  }
}
