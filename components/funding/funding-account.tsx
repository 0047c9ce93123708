import { AlertTriangle } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { EmptyState } from "@/components/layout/empty-state";
import { RefreshButton } from "@/components/layout/refresh-button";
import { Alert } from "@/components/ui/alert";
import type { AccountFunding } from "@/db/queries/funding";
import type { LowBalance } from "@/db/queries/low-balance";
import type { SyncHealth } from "@/db/queries/provider-sync-status";
import type { UnreadRowsOfAccount } from "@/db/queries/transaction-rows-unread";
import { refreshFundingAction } from "@/lib/actions/funding/refresh-funding";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { isFailing } from "@/lib/provider-accounts/background-sync";
import { unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import { RecentStatementLines } from "@/components/statements/recent-statement-lines";
import { capabilitiesFor, supports } from "@/lib/providers";
import { ProviderText } from "@/components/providers/provider-text";
import { LowBalanceWarnings } from "./low-balance-warnings";
import { fundingSourceName } from "./source-name";
import { UnreadReviewLink } from "./unread-review-link";

/**
 * One provider account's funding sources: what each can still pay, what is held, and how fresh that is; with the
 * health of its card sync (the job that notices cards the provider no longer knows), and the transactions its
 * transaction sync listed but could not read, for as long as the ledger lacks them.
 */
export function FundingAccount({
  account,
  cardSync,
  unreadTransactions,
  low = [],
  mayRefresh = false,
  mayDismissUnread = false,
}: {
  account: AccountFunding;
  cardSync?: SyncHealth;
  unreadTransactions?: UnreadRowsOfAccount;
  low?: LowBalance[];
  /** Whether the viewer may ask for a refresh (card.fund); the action checks it again. */
  mayRefresh?: boolean;
  /** Whether the viewer may dismiss transactions Cardhub could not read (transaction.dismiss_unread), for the link's words. */
  mayDismissUnread?: boolean;
}) {
  const headingId = `funding-${account.accountId}`;
  const fundingFailed = isFailing(account);
  const cardSyncFailed = cardSync ? isFailing(cardSync) : false;
  const unread = unreadTransactionsMessage(unreadTransactions);
  return (
    // min-w-0 and a minmax(0) column: a statement table wider than the page scrolls inside its box instead of
    // widening the page.
    <section aria-labelledby={headingId} className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={headingId} className="text-lg font-semibold">
            {account.accountLabel}
          </h2>
          <p className="text-muted-foreground text-sm">
            {PROVIDER_LABELS[account.provider]} ·{" "}
            {account.lastSuccessAt ? `refreshed ${formatUtcDateTime(account.lastSuccessAt)}` : "never refreshed"} ·{" "}
            {cardSync?.lastSuccessAt ? `cards synced ${formatUtcDateTime(cardSync.lastSuccessAt)}` : "cards not synced yet"}
          </p>
        </div>
        {mayRefresh ? <RefreshButton refresh={refreshFundingAction} accountId={account.accountId} label={`Refresh ${account.accountLabel}`} /> : null}
      </div>
      <LowBalanceWarnings low={low} />
      {cardSyncFailed && cardSync ? (
        <Alert variant="destructive" className="flex gap-2">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">The last card sync failed {formatUtcDateTime(cardSync.lastErrorAt!)}.</p>
            <p>{cardSync.lastError}</p>
            <p className="text-muted-foreground">Card statuses and balances are from the last sync that worked; it is tried again every 5 minutes.</p>
          </div>
        </Alert>
      ) : null}
      {unread ? (
        <Alert variant="destructive" className="flex gap-2">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">The transaction ledger of this account is incomplete.</p>
            <p>{unread}</p>
            <p className="text-muted-foreground">
              Each stays listed until a later read from the provider stores it, or it is dismissed with a reason.{" "}
              <UnreadReviewLink accountId={account.accountId} mayDismiss={mayDismissUnread} />
            </p>
          </div>
        </Alert>
      ) : null}
      {fundingFailed ? (
        <Alert variant="destructive" className="flex gap-2">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">The last refresh failed {formatUtcDateTime(account.lastErrorAt!)}.</p>
            <p>{account.lastError ? <ProviderText text={account.lastError} /> : null}</p>
            {account.lastSuccessAt ? <p className="text-muted-foreground">The balances below are from the last refresh that worked.</p> : null}
          </div>
        </Alert>
      ) : null}
      {account.balances.length === 0 ? (
        <EmptyState title={account.lastSuccessAt ? "This account reports no funding sources" : "No balances read yet"}>
          {account.lastSuccessAt ? null : mayRefresh ? "They are read every 5 minutes, or now with Refresh." : "They are read every 5 minutes."}
        </EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label={`Funding sources of ${account.accountLabel}`}>
          {account.balances.map((balance) => {
            const source = fundingSourceName(balance);
            return (
            <li key={`${balance.scope}:${balance.currency}`} className="bg-card grid gap-2 rounded-xl border p-4 shadow-sm">
              <div className="flex min-w-0 items-baseline justify-between gap-2">
                {/* Wraps rather than cuts: NobePay names a source by BIN, network, currency and purpose. */}
                <span className="min-w-0 font-medium break-words">
                  {source.name}
                  {source.providerId ? <span className="text-muted-foreground block font-mono text-xs font-normal break-all">{source.providerId}</span> : null}
                </span>
                <span className="text-muted-foreground shrink-0 text-xs">{balance.currency}</span>
              </div>
              <div className="grid gap-1">
                <dl>
                  <dt className="text-muted-foreground text-xs">Available</dt>
                  <dd className="text-2xl font-semibold tabular-nums">
                    {balance.available === null ? <span className="text-muted-foreground text-base font-normal">Not reported by the provider</span> : formatMoney(balance.available, balance.currency)}
                  </dd>
                </dl>
                {balance.frozen !== null || balance.total !== null ? (
                  <dl className="text-muted-foreground flex flex-wrap gap-x-4 text-sm">
                    {balance.frozen !== null ? (
                      <div className="flex gap-1">
                        <dt>Frozen</dt>
                        <dd className="tabular-nums">{formatMoney(balance.frozen, balance.currency)}</dd>
                      </div>
                    ) : null}
                    {balance.total !== null ? (
                      <div className="flex gap-1">
                        <dt>Total</dt>
                        <dd className="tabular-nums">{formatMoney(balance.total, balance.currency)}</dd>
                      </div>
                    ) : null}
                  </dl>
                ) : null}
              </div>
            </li>
            );
          })}
        </ul>
      )}
      {supports(capabilitiesFor(account.provider), "accountLogs") ? (
        <RecentStatementLines scope={{ account: account.accountId }} name={account.accountLabel} headingId={`statements-${account.accountId}`} providerAccountId={account.accountId} />
      ) : (
        <p className="text-muted-foreground text-sm">{PROVIDER_LABELS[account.provider]} provides no statement of account lines; its card transactions are under Transactions.</p>
      )}
    </section>
  );
}
