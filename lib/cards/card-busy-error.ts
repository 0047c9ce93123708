import { ActionError } from "@/lib/actions/result";

/**
 * A change refused only because another change to the card is still open (lib/cards/open-order-rule.ts): a conflict
 * that ends by itself. The card's dialogs show it as any refusal; an approved request's execution waits on it instead
 * of failing (lib/requests/busy-card.ts).
 */
export class CardBusyError extends ActionError {
  constructor(message: string) {
    super("conflict", message);
    this.name = "CardBusyError";
  }
}
