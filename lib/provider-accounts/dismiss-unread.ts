import type { Db } from "@/db/client";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { countOpenEntries, dismissOpenEntries, lockUnreadEntry, type LockedUnreadEntry, type UnreadEntryVersion } from "@/db/queries/transaction-rows-unread-review";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { redactSummary } from "@/lib/audit/redact";
import { formatUtcDateTime } from "@/lib/format";
import type { AdminContext } from "@/lib/users/admin-context";
import type { DismissUnreadInput } from "./unread-dismissal-schema";

export type DismissUnreadResult = {
  dismissed: number;
  /** The account's entries still open afterwards: ones the list did not hold or showed with another reason (failing for a new one since), or beyond one call's limit. */
  leftOpen: number;
};

const FAILED_AGAIN = "It failed again for a new reason after the list was read. Read its new reason on the list, then decide again.";

/** Why one entry cannot be dismissed now, whatever version of it the list showed, in words; null when it is open. */
function refusalOf(entry: LockedUnreadEntry): string | null {
  if (entry.resolvedAt) return "A later read stored this transaction: it is in Cardhub now, so there is nothing to dismiss.";
  if (entry.dismissedAt) return `${entry.dismissedByName ?? "Someone"} already dismissed it ${formatUtcDateTime(entry.dismissedAt)}.`;
  return null;
}

/**
 * MONEY: a person acknowledges that the ledger goes without provider rows Cardhub cannot read (a malformed row the
 * provider will not fix), so they stop counting as missing in the account's sync status. Only entries the person's list
 * held are dismissed (the one named, or for "all" the ids the page read: an entry a sync was still writing when the list
 * was read is not among them), and of those only the ones still open as the version the list showed: opened_at, which a
 * sync renews when an entry fails for another reason, equal to the one read with it. A time compared with when the list
 * was read would not do: a sync page stamps opened_at when it starts and commits later, so a list read in between shows
 * the old reason with a time before its own. Each call is one audit row naming them, the person and the reason, written
 * in the same transaction. Another organisation's account or entry is answered as missing.
 */
export async function dismissUnreadTransactions(db: Db, actor: AdminContext, input: DismissUnreadInput): Promise<DismissUnreadResult> {
  const account = await findProviderAccount(db, input.accountId);
  if (!account || account.organizationId !== actor.organizationId) throw new ActionError("not_found", "That provider account does not exist.");
  const now = new Date();
  // The schema requires openedAt with entryId: the version of that entry the list showed.
  const shown: UnreadEntryVersion[] = input.entryId ? [{ id: input.entryId, openedAt: input.openedAt! }] : (input.listedEntries ?? []);
  // Kept as typed, with anything like a card number masked, on the entry as in the audit row.
  const reason = redactSummary(input.reason) as string;
  return db.transaction(async (tx) => {
    if (input.entryId) {
      const entry = await lockUnreadEntry(tx, { providerAccountId: account.id, entryId: input.entryId });
      if (!entry) throw new ActionError("not_found", "That entry does not exist.");
      const refusal = refusalOf(entry);
      if (refusal) throw new ActionError("conflict", refusal);
    }
    const dismissed = await dismissOpenEntries(tx, { providerAccountId: account.id, entries: shown, byUserId: actor.actorUserId, reason, at: now });
    if (dismissed.length === 0) {
      // The one entry is locked and open: what the list showed of it is not what it is now.
      if (input.entryId) throw new ActionError("conflict", FAILED_AGAIN);
      throw new ActionError("conflict", "No entry of this list can be dismissed any more: each was stored by a later read, dismissed, or failed again for a new reason meanwhile. Read the list again.");
    }
    const [one] = dismissed;
    await record(tx, actor, {
      action: "transaction.unread_dismissed",
      targetType: "provider_account",
      targetId: account.id,
      summary: input.entryId
        ? { providerAccount: account.label, count: 1, providerTransactionId: one!.providerTransactionId, reason: one!.reason, dismissalReason: reason }
        : { providerAccount: account.label, count: dismissed.length, providerTransactionIds: dismissed.map((entry) => entry.providerTransactionId), dismissalReason: reason },
    });
    return { dismissed: dismissed.length, leftOpen: await countOpenEntries(tx, { providerAccountId: account.id }) };
  });
}
