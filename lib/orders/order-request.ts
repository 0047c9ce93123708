import { moneyFromMinor, type Money } from "@/lib/money";
import type { CardModel, CardProvider, Order, OrderRef, OrderType } from "@/lib/providers";

/**
 * What a provider_orders row asks for, stored as JSON (minor units as strings) so the job can send exactly the
 * same request again after a crash. Holds no secret: card numbers never exist at this point.
 */
export type OrderRequest =
  | {
      type: "issue";
      productId: string;
      model: CardModel;
      currency: string;
      alias: string;
      tags: string[];
      initialAmount?: string;
      perTransactionLimit?: string;
      lifetimeLimit?: string | null;
      holder?: { firstName: string; lastName: string; address: { street: string; city: string; state: string; zipCode: string; country: string } };
    }
  | { type: "freeze" | "unfreeze" | "activate" }
  /**
   * balanceWhenPlaced: the card's balance as last known when the cancellation was placed (minor units; null when none
   * was known), for the order's "balance at cancellation" if the provider does not say: a card sync meanwhile may
   * already show the card emptied.
   */
  | { type: "cancel"; balanceWhenPlaced?: string | null }
  | { type: "topup" | "withdraw"; amount: string }
  /**
   * before: the card's limits as last known when the change was placed (minor units, null where it had none; absent
   * on orders placed before it was kept), for the audit trail's "from": a card sync meanwhile may already show the new
   * limits.
   */
  | { type: "limits"; perTransaction: string; lifetime: string | null; before?: { perTransaction: string | null; lifetime: string | null } };

/** ownerRef: the card owner's user id, which NobePay keeps as the card's customerId. */
export type OrderTarget = { providerCardId: string | null; cardModel: CardModel; currency: string; ownerRef?: string | null };

const money = (minor: string, currency: string): Money => moneyFromMinor(minor, currency);

function cardInput(customerOrderNo: string, card: OrderTarget) {
  if (!card.providerCardId) throw new Error("The card has no provider id yet; it was never issued.");
  return { customerOrderNo, cardId: card.providerCardId, model: card.cardModel };
}

/** Sends the order to the provider with our order id as the customer order number (the idempotency key). */
export function performOrder(provider: CardProvider, orderId: string, request: OrderRequest, card: OrderTarget): Promise<Order> {
  switch (request.type) {
    case "issue":
      return provider.issueCard({
        customerOrderNo: orderId,
        productId: request.productId,
        model: request.model,
        currency: request.currency,
        alias: request.alias,
        tags: request.tags,
        initialAmount: request.initialAmount ? money(request.initialAmount, request.currency) : undefined,
        perTransactionLimit: request.perTransactionLimit ? money(request.perTransactionLimit, request.currency) : undefined,
        lifetimeLimit: request.lifetimeLimit === undefined ? undefined : request.lifetimeLimit === null ? null : money(request.lifetimeLimit, request.currency),
        holder: request.holder,
        ownerRef: card.ownerRef ?? undefined,
      });
    case "freeze":
      return provider.freeze(cardInput(orderId, card));
    case "unfreeze":
      return provider.unfreeze(cardInput(orderId, card));
    case "cancel":
      return provider.cancel(cardInput(orderId, card));
    case "activate":
      return provider.activate(cardInput(orderId, card));
    case "topup":
      return provider.topUp({ ...cardInput(orderId, card), amount: money(request.amount, card.currency) });
    case "withdraw":
      return provider.withdraw({ ...cardInput(orderId, card), amount: money(request.amount, card.currency) });
    case "limits":
      return provider.setLimits({
        ...cardInput(orderId, card),
        perTransaction: money(request.perTransaction, card.currency),
        lifetime: request.lifetime === null ? null : money(request.lifetime, card.currency),
      });
  }
}

export function orderRef(order: { id: string; type: OrderType; providerOrderId: string | null; currency: string | null }, card: OrderTarget | null): OrderRef {
  return {
    type: order.type,
    customerOrderNo: order.id,
    providerOrderId: order.providerOrderId ?? undefined,
    model: card?.cardModel,
    cardId: card?.providerCardId ?? undefined,
    currency: order.currency ?? undefined,
  };
}
