import type { OrderType } from "@/lib/providers/types";

/**
 * Money boundary: the open orders a freeze may overtake. A freeze moves no money and raises no spending power, so a
 * stolen card is not left spendable for the hours a top-up's outcome may stay unknown (or for good, where the provider
 * offers no lookup). It has no amount and no history entry type, so looking up the order it overtakes (by order number,
 * or NobePay's history matched by type and amount) cannot take one for the other, and completing either leaves the
 * other's effect on the card alone. A freeze, unfreeze, cancel, activation or issue still open is not overtaken: each
 * sets the card's status when it completes, and the later of the two would win whatever the provider did last.
 */
const FREEZE_OVERTAKES: ReadonlySet<OrderType> = new Set<OrderType>(["topup", "withdraw", "limits"]);

/**
 * Whether a change of this type must wait for the card's open orders (open = placed, pending or in review) to end.
 * Everything but a freeze waits for any open order: a second money change could move money twice, and a cancel settles
 * a balance that an open top-up or withdrawal may still change (its money could land on a closed card).
 */
export function waitsForOpenOrders(change: OrderType, openTypes: readonly OrderType[]): boolean {
  if (openTypes.length === 0) return false;
  return change !== "freeze" || !openTypes.every((type) => FREEZE_OVERTAKES.has(type));
}
