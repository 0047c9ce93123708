import type { DbOrTx } from "@/db/client";
import { clearCardReopenedSince, setCardReopenedSince } from "@/db/queries/cards-reopened";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record } from "@/lib/audit/record";
import type { Card, CardStatus } from "@/lib/providers/types";

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
  await db.transaction(async (tx) => {
    const changed = await setCardReopenedSince(tx, { cardId, at: new Date() });
    if (!changed) return;
    await record(tx, await workerAuditContext(tx, null, changed.organizationId), {
      action: "card.reopened_at_provider",
      targetType: "card",
      targetId: cardId,
      teamId: changed.teamId,
      summary: { alias: changed.alias, providerAccount: (await findProviderAccount(tx, changed.providerAccountId))?.label ?? null, providerCardId: changed.providerCardId, providerStatus },
    });
  });
}

async function clearCardReopenedAtProvider(db: DbOrTx, cardId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const changed = await clearCardReopenedSince(tx, { cardId });
    if (!changed) return;
    await record(tx, await workerAuditContext(tx, null, changed.organizationId), {
      action: "card.cancelled_at_provider_again",
      targetType: "card",
      targetId: cardId,
      teamId: changed.teamId,
      summary: { alias: changed.alias, providerAccount: (await findProviderAccount(tx, changed.providerAccountId))?.label ?? null, providerCardId: changed.providerCardId },
    });
  });
}
