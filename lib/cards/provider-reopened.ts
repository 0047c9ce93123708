import type { DbOrTx } from "@/db/client";
import type { Card, CardStatus } from "@/lib/providers/types";
import { changeCardMark } from "./card-mark-change";

/** States in which a card could spend, or be made to: a cancelled card reported in one of them is a discrepancy. */
const OPEN_STATES: readonly CardStatus[] = ["pending", "inactive", "active", "frozen"];

/**
 * A cancelled card's latest provider view: reported open, it is marked "Open at provider" (once, with its audit row);
 * reported closed, the mark clears (once, audited); a status the adapter does not know says neither. Cancellation is
 * final at every provider, so the card itself stays cancelled either way (applyRemoteCard).
 */
export async function followCancelledCardAtProvider(db: DbOrTx, cardId: string, remote: Pick<Card, "status" | "providerStatus">): Promise<void> {
  if (OPEN_STATES.includes(remote.status)) await markCardReopenedAtProvider(db, cardId, remote.providerStatus);
  else if (remote.status !== "unknown") await clearCardReopenedAtProvider(db, cardId);
}

async function markCardReopenedAtProvider(db: DbOrTx, cardId: string, providerStatus: string): Promise<void> {
  await changeCardMark(db, { cardId, mark: "providerReopenedSince", at: new Date(), action: "card.reopened_at_provider", summary: { providerStatus } });
}

async function clearCardReopenedAtProvider(db: DbOrTx, cardId: string): Promise<void> {
  await changeCardMark(db, { cardId, mark: "providerReopenedSince", at: null, action: "card.cancelled_at_provider_again" });
}
