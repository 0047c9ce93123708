import { ActionError } from "@/lib/actions/result";
import type { CardStatus } from "@/lib/providers/types";

/** A card whose issue the provider refused: it exists only as Cardhub's record of the attempt. */
export const isNeverIssued = (card: { status: CardStatus }): boolean => card.status === "failed";

/** Why nothing can be changed on it, on the screen and by the server alike. */
export const NEVER_ISSUED_REASON = "This card was never issued, so it cannot be changed. Issue it again with these details instead.";

/** Every change to a card (server side) refuses one that was never issued: there is nothing at the provider to change. */
export function assertIssued(card: { status: CardStatus }): void {
  if (isNeverIssued(card)) throw new ActionError("conflict", NEVER_ISSUED_REASON);
}
