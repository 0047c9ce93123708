import type { DbOrTx } from "@/db/client";
import { clearCardMark, setCardMark, type CardProviderMark } from "@/db/queries/card-provider-marks";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { workerAuditContext } from "@/lib/audit/actor-context";
import type { AuditAction } from "@/lib/audit/actions";
import { record } from "@/lib/audit/record";

/**
 * Sets (`at`) or clears (null) a card's provider mark and, only when that changed it, writes the change's audit row in
 * the same transaction, so a mark is audited once however many syncs see it. `touch`: see setCardMark. Returns
 * whether it changed.
 */
export async function changeCardMark(
  db: DbOrTx,
  change: { cardId: string; mark: CardProviderMark; at: Date | null; touch?: boolean; action: AuditAction; summary?: Record<string, unknown> },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { cardId, mark, at } = change;
    const changed = at ? await setCardMark(tx, mark, { cardId, at, touch: change.touch }) : await clearCardMark(tx, mark, { cardId });
    if (!changed) return false;
    await record(tx, await workerAuditContext(tx, null, changed.organizationId), {
      action: change.action,
      targetType: "card",
      targetId: cardId,
      teamId: changed.teamId,
      summary: {
        alias: changed.alias,
        providerAccount: (await findProviderAccount(tx, changed.providerAccountId))?.label ?? null,
        providerCardId: changed.providerCardId,
        ...change.summary,
      },
    });
    return true;
  });
}
