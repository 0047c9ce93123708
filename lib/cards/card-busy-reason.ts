import { ORDER_TYPE_LABELS } from "@/components/orders/order-labels";
import type { OpenOrderOfCard } from "@/db/queries/provider-orders";

/** "a cancellation by Felix Finance", "an unfreeze" (placed by no one Cardhub can name). */
function changeBy(order: OpenOrderOfCard): string {
  const change = ORDER_TYPE_LABELS[order.type].toLowerCase();
  return `${/^[aeiou]/.test(change) ? "an" : "a"} ${change}${order.byName ? ` by ${order.byName}` : ""}`;
}

function stateOf(order: OpenOrderOfCard): string {
  return order.status === "needs_review" ? "waiting for review" : "in progress";
}

const UNKNOWN_OUTCOME = " (its outcome at the provider is not known yet)";

/**
 * Why a change to a card waits (lib/cards/open-order-rule.ts): the open changes by name and who placed them, so the
 * person refused sees that someone else is already cancelling or funding the card, not only that something is open.
 */
export function cardBusyReason(open: OpenOrderOfCard[], freezeStillPossible: boolean): string {
  const meanwhile = freezeStillPossible ? " Freezing it is still possible." : "";
  if (open.length === 0) return `Another change to this card is still in progress. Wait for it to finish.${meanwhile}`;
  if (open.length === 1) {
    const [order] = open as [OpenOrderOfCard];
    const change = changeBy(order);
    const unknown = order.status === "needs_review" ? UNKNOWN_OUTCOME : "";
    return `${change.charAt(0).toUpperCase()}${change.slice(1)} is still ${stateOf(order)} on this card${unknown}. Wait for it to finish.${meanwhile}`;
  }
  const listed = open.map((order) => `${changeBy(order)} (${stateOf(order)})`);
  return `Other changes to this card are still open: ${listed.slice(0, -1).join(", ")} and ${listed.at(-1)}. Wait for them to finish.${meanwhile}`;
}
