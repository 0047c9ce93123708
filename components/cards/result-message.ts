import type { ActionFailure } from "@/lib/actions/result";
import type { CardStatus, OrderType } from "@/lib/providers/types";

export type Tracked = { id: string; type?: OrderType };

/** The one current message of the card page, with the card status it was current for. */
export type Message = { kind: "order"; order: Tracked; statusAtStart: CardStatus } | { kind: "failure"; failure: ActionFailure; statusAtStart: CardStatus };

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
  if (message.kind === "failure" || !message.order.type) return false;
  return RESULT_STATUSES[message.order.type]?.includes(status) ?? false;
}

