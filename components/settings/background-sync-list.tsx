import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { UnreadReviewLink } from "@/components/funding/unread-review-link";
import type { UnreadRowsOfAccount } from "@/db/queries/transaction-rows-unread";
import { formatUtcDateTime } from "@/lib/format";
import { BACKGROUND_SYNC_LABELS, isFailing, readsOffered } from "@/lib/provider-accounts/background-sync";
import { unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import { capabilitiesFor } from "@/lib/providers";
import type { ProviderName } from "@/lib/providers/types";

/**
 * An account's background reads besides the card sync, those its provider offers: when each last worked, and the
 * provider's words when not; and, however the last pull went, the transactions it listed but could not read, for as
 * long as the ledger lacks them, with the way to their list (where they can be dismissed).
 */
export function BackgroundSyncList({
  provider,
  reads: recorded,
  unreadTransactions,
  unreadReview,
}: {
  provider: ProviderName;
  reads: readonly BackgroundSyncHealth[];
  unreadTransactions?: UnreadRowsOfAccount;
  /** The account, and whether the viewer may dismiss (the page checks transaction.dismiss_unread), for the link. */
  unreadReview?: { accountId: string; mayDismiss: boolean };
}) {
  const reads = readsOffered(recorded, capabilitiesFor(provider));
  const unread = unreadTransactionsMessage(unreadTransactions);
  if (reads.length === 0 && !unread) return <p className="text-muted-foreground">Nothing read yet.</p>;
  return (
    <ul className="grid gap-1">
      {reads.map((read) => (
        <li key={read.kind} className={isFailing(read) ? "text-destructive" : undefined}>
          <span className="font-medium">{BACKGROUND_SYNC_LABELS[read.kind]}:</span>{" "}
          {isFailing(read) ? (
            <>
              failed {formatUtcDateTime(read.lastErrorAt!)}: {(read.lastError ?? "no reason given").replace(/[.\s]+$/, "")}.{" "}
              {read.lastSuccessAt ? `Last good read ${formatUtcDateTime(read.lastSuccessAt)}.` : "Never read yet."}
            </>
          ) : read.lastSuccessAt ? (
            `read ${formatUtcDateTime(read.lastSuccessAt)}`
          ) : (
            "not read yet"
          )}
        </li>
      ))}
      {unread ? (
        <li key="transactions-unread" className="text-destructive">
          <span className="font-medium">{BACKGROUND_SYNC_LABELS.transactions}:</span> {unread}
          {unreadReview ? (
            <>
              {" "}
              <UnreadReviewLink {...unreadReview} />
            </>
          ) : null}
        </li>
      ) : null}
    </ul>
  );
}
