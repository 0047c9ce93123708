import type { DbOrTx } from "@/db/client";
import type { CardRow } from "@/db/queries/card-updates";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { workerAuditContext } from "@/lib/audit/actor-context";
import { record, type AuditEntry } from "@/lib/audit/record";

/**
 * An audit row about what a sync wrote to a card (`stored`, the card as written), in the name of the job that read it,
 * naming the card as people know it (alias, provider account, provider card id) beside the event's own summary.
 * Called in the write's transaction, so the change and its row commit together.
 */
export async function recordSyncedCardEvent(tx: DbOrTx, stored: CardRow, action: AuditEntry["action"], summary: Record<string, unknown>): Promise<void> {
  await record(tx, await workerAuditContext(tx, null, stored.organizationId), {
    action,
    targetType: "card",
    targetId: stored.id,
    teamId: stored.teamId,
    summary: {
      alias: stored.alias,
      providerAccount: (await findProviderAccount(tx, stored.providerAccountId))?.label ?? null,
      providerCardId: stored.providerCardId,
      ...summary,
    },
  });
}
