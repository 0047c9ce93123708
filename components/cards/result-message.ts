import type { ActionFailure } from "@/lib/actions/result";
import type { CardStatus, OrderType } from "@/lib/providers/types";

export type Tracked = { id: string; type?: OrderType };

/**
 * The one current message of the card page, with the card status it was current for: an order followed live, a
 * failure, or the confirmation of a change that needs no provider order (reassigning, renaming).
 */
export type Message =
  | { kind: "order"; order: Tracked; statusAtStart: CardStatus }
  | { kind: "failure"; failure: ActionFailure; statusAtStart: CardStatus }
  | { kind: "done"; text: string; statusAtStart: CardStatus };

/** The statuses an order leaves the card in when it succeeds; any other status means the card has moved on. */
const RESULT_STATUSES: Partial<Record<OrderType, readonly CardStatus[]>> = {
  issue: ["active", "pending", "failed"],
  freeze: ["frozen"],
  unfreeze: ["active"],
  cancel: ["cancelling", "cancelled"],
  activate: ["active"],
};

/** Whether the message still describes the card: shown only while the card is as the action left it. */
export function isCurrent(message: Message, status: CardStatus): boolean {
  if (status === message.statusAtStart) return true;
  if (message.kind !== "order" || !message.order.type) return false;
  return RESULT_STATUSES[message.order.type]?.includes(status) ?? false;
}


/** The status a finished order leaves the card in, where the card's own state already shows the order is done. */
const DONE_STATUS: Partial<Record<OrderType, CardStatus>> = { freeze: "frozen", unfreeze: "active", cancel: "cancelled", activate: "active" };

/**
 * Whether the card, as the page now shows it, already carries this order's result (frozen after a freeze): the page
 * re-renders from the server before the order's own poll comes back, and the two must not disagree.
 */
export function resultShown(message: Message, status: CardStatus): boolean {
  if (message.kind !== "order" || !message.order.type || status === message.statusAtStart) return false;
  return DONE_STATUS[message.order.type] === status;
}
