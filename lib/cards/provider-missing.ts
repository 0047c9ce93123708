import type { DbOrTx } from "@/db/client";
import { clearCardMissingSince, setCardMissingSince } from "@/db/queries/cards-missing";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import { isProviderError } from "@/lib/providers";
import { isRecordAbsent } from "@/lib/providers/record-absent";
import { NOT_FOUND_AT_PROVIDER_REASON } from "./provider-missing-label";

export { NOT_FOUND_AT_PROVIDER, NOT_FOUND_AT_PROVIDER_REASON } from "./provider-missing-label";

/** A card sync marks a card missing only on the provider's word that the card does not exist (see isRecordAbsent). */
export const isCardUnknownToProvider = isRecordAbsent;

/** Marks a card missing at its provider once (the first sync that hears it), with its audit row. Returns whether it changed. */
export async function markCardMissingAtProvider(db: DbOrTx, cardId: string, error: unknown, at = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await setCardMissingSince(tx, { cardId, at });
    if (!changed) return false;
    await record(tx, await workerAuditContext(tx, null, changed.organizationId), {
      action: "card.missing_at_provider",
      targetType: "card",
      targetId: cardId,
      teamId: changed.teamId,
      summary: {
        alias: changed.alias,
        providerAccount: (await findProviderAccount(tx, changed.providerAccountId))?.label ?? null,
        providerCardId: changed.providerCardId,
        providerCode: isProviderError(error) ? (error.providerCode ?? null) : null,
        providerMessage: isProviderError(error) ? (error.providerMessage ?? null) : null,
      },
    });
    return true;
  });
}

/** The provider answered about the card again: it is no longer missing (once, with its audit row). */
export async function clearCardMissingAtProvider(db: DbOrTx, cardId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await clearCardMissingSince(tx, { cardId });
    if (!changed) return false;
    await record(tx, await workerAuditContext(tx, null, changed.organizationId), {
      action: "card.found_at_provider",
      targetType: "card",
      targetId: cardId,
      teamId: changed.teamId,
      summary: { alias: changed.alias, providerAccount: (await findProviderAccount(tx, changed.providerAccountId))?.label ?? null, providerCardId: changed.providerCardId },
    });
    return true;
  });
}

/** Every card action (server side) refuses a card its provider no longer knows, with the reason the screen shows. */
export function assertKnownToProvider(card: { providerMissingSince: Date | null }): void {
  if (card.providerMissingSince) throw new ActionError("conflict", NOT_FOUND_AT_PROVIDER_REASON);
}
