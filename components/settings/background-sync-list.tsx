import Link from "next/link";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { UnreadReviewLink } from "@/components/funding/unread-review-link";
import { ProviderText } from "@/components/providers/provider-text";
import type { UnreadRowsOfAccount } from "@/db/queries/transaction-rows-unread";
import { formatUtcDateTime } from "@/lib/format";
import { productsOfAccountHref } from "@/lib/products/products-page-anchor";
import { BACKGROUND_SYNC_LABELS, isFailing, readsOffered } from "@/lib/provider-accounts/background-sync";
import { partialProductsRead, type PartialProductsRead } from "@/lib/provider-accounts/partial-products-read";
import { unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import { capabilitiesFor } from "@/lib/providers";
import type { ProviderName } from "@/lib/providers/types";

/** How many of the products a partial refresh could not read are named here; the products page names them all. */
const PRODUCTS_NAMED = 3;

/**
 * A products refresh that read some products and not others: the first few it could not read, with why, and where
 * the rest are; the products page lists active accounts only, so a disabled account's line does not send there.
 */
function PartlyReadProducts({ accountId, accountActive, partial }: { accountId: string; accountActive: boolean; partial: PartialProductsRead }) {
  const named = partial.unread.slice(0, PRODUCTS_NAMED);
  const more = partial.unread.length - named.length;
  const moreText = more > 0 ? `And ${more.toLocaleString("en-US")} more` : null;
  return (
    <>
      {partial.summary}:
      <ul className="list-disc pl-5">
        {named.map((reason, index) => (
          <li key={index}>
            <ProviderText text={reason.replace(/[.\s]+$/, "")} />.
          </li>
        ))}
      </ul>
      {accountActive ? (
        <>
          {moreText ? `${moreText}; all are on the ` : "They are also on the "}
          <Link href={productsOfAccountHref(accountId)} className="font-medium underline underline-offset-4">
            Products page
          </Link>
          .
        </>
      ) : moreText ? (
        `${moreText}.`
      ) : null}
    </>
  );
}

/** One read: when it last worked, or that it failed and why, or that it read only some products and which not. */
function ReadLine({ read, accountActive }: { read: BackgroundSyncHealth; accountActive: boolean }) {
  const partial = read.kind === "products" ? partialProductsRead(read) : null;
  return (
    <li className={isFailing(read) ? "text-destructive" : partial ? "break-words" : undefined}>
      <span className="font-medium">{BACKGROUND_SYNC_LABELS[read.kind]}:</span>{" "}
      {partial ? (
        <PartlyReadProducts accountId={read.accountId} accountActive={accountActive} partial={partial} />
      ) : isFailing(read) ? (
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
  );
}

/**
 * An account's background reads besides the card sync, those its provider offers: when each last worked, and the
 * provider's words when not (or, for products, what a refresh that read only some could not read); and, however the
 * last pull went, the transactions it listed but could not read, for as long as the ledger lacks them, with the way
 * to their list (where they can be dismissed).
 */
export function BackgroundSyncList({
  provider,
  accountActive = true,
  reads: recorded,
  unreadTransactions,
  unreadReview,
}: {
  provider: ProviderName;
  /** Whether the account is active: only active accounts are on the products page this links to. */
  accountActive?: boolean;
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
        <ReadLine key={read.kind} read={read} accountActive={accountActive} />
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
