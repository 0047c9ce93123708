import type { DbOrTx } from "@/db/client";
import { ActionError } from "@/lib/actions/result";
import { isProviderError } from "@/lib/providers";
import { isRecordAbsent } from "@/lib/providers/record-absent";
import { changeCardMark } from "./card-mark-change";
import { NOT_FOUND_AT_PROVIDER_REASON } from "./provider-missing-label";

export { NOT_FOUND_AT_PROVIDER, NOT_FOUND_AT_PROVIDER_REASON } from "./provider-missing-label";

/** A card sync marks a card missing only on the provider's word that the card does not exist (see isRecordAbsent). */
export const isCardUnknownToProvider = isRecordAbsent;

/** Marks a card missing at its provider once (the first sync that hears it), with its audit row. Returns whether it changed. */
export async function markCardMissingAtProvider(db: DbOrTx, cardId: string, error: unknown, at = new Date()): Promise<boolean> {
  const summary = {
    providerCode: isProviderError(error) ? (error.providerCode ?? null) : null,
    providerMessage: isProviderError(error) ? (error.providerMessage ?? null) : null,
  };
  return changeCardMark(db, { cardId, mark: "providerMissingSince", at, touch: true, action: "card.missing_at_provider", summary });
}

/** The provider answered about the card again: it is no longer missing (once, with its audit row). */
export async function clearCardMissingAtProvider(db: DbOrTx, cardId: string): Promise<boolean> {
  return changeCardMark(db, { cardId, mark: "providerMissingSince", at: null, action: "card.found_at_provider" });
}

/** Every card action (server side) refuses a card its provider no longer knows, with the reason the screen shows. */
export function assertKnownToProvider(card: { providerMissingSince: Date | null }): void {
  if (card.providerMissingSince) throw new ActionError("conflict", NOT_FOUND_AT_PROVIDER_REASON);
}
