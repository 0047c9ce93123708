import { AlertTriangle } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import type { AccountFunding } from "@/db/queries/funding";
import type { LowBalance } from "@/db/queries/low-balance";
import { fundingSourceName } from "@/components/funding/source-name";
import { fundsEachSegmentApart } from "@/lib/funding/funds-per-segment";
import { lowBalanceAvailable } from "@/lib/funding/low-balance-text";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { availableInCurrency } from "@/lib/funding/available-in-currency";
import { Quiet } from "./overview-panel";

const figureClass = (low: boolean) => (low ? "text-destructive text-right font-medium tabular-nums" : "text-right font-medium tabular-nums");

/** One source's figure, for a provider that funds each segment apart: its segments are never added together. */
function SegmentFigures({ account, lowBalances }: { account: AccountFunding; lowBalances: LowBalance[] }) {
  return (
    <dl className="grid gap-0.5">
      {account.balances.map((balance) => {
        const low = lowBalances.some((item) => item.providerAccountId === account.accountId && item.currency === balance.currency && item.scope === balance.scope);
        return (
          <div key={`${balance.scope}:${balance.currency}`} className="grid grid-cols-[minmax(0,1fr)_auto] items-baseline gap-x-2">
            <dt className="text-muted-foreground break-words">{fundingSourceName(balance).name}</dt>
            <dd className={figureClass(low)} data-testid={`funding-${account.accountId}-${balance.currency}-${balance.scope}`}>
              {balance.available === null ? "not reported" : formatMoney(balance.available, balance.currency)}
              {low ? <span className="sr-only"> (low)</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * Available funding per account and currency (the sum of the account's sources in that currency; per segment for a
 * provider that funds each segment apart), warnings first.
 */
export function FundingSummary({ funding, lowBalances }: { funding: AccountFunding[]; lowBalances: LowBalance[] }) {
  if (funding.length === 0) return <Quiet>No provider account is connected.</Quiet>;
  return (
    <div className="grid gap-3">
      {lowBalances.length > 0 ? (
        <ul className="border-destructive/40 grid gap-1 rounded-lg border p-3 text-sm" aria-label="Low-balance warnings">
          {lowBalances.map((low) => (
            <li key={`${low.providerAccountId}-${low.currency}-${low.scope}`} className="flex items-start gap-2">
              <AlertTriangle aria-hidden className="text-destructive mt-0.5 size-4 shrink-0" />
              <span className="min-w-0 break-words">
                <span className="font-medium">{low.accountLabel}</span>
                {`${low.sourceLabel === null ? "" : ` · ${low.sourceLabel}`}: ${lowBalanceAvailable(low)}, below the ${formatMoney(low.thresholdMinor, low.currency)} threshold`}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="grid gap-3 sm:grid-cols-3">
        {funding.map((account) => {
          const currencies = [...new Set(account.balances.map((balance) => balance.currency))].sort();
          return (
            <li key={account.accountId} className="grid content-start gap-1 rounded-lg border p-3 text-sm">
              <span className="font-medium">{account.accountLabel}</span>
              <span className="text-muted-foreground text-xs">
                {PROVIDER_LABELS[account.provider]} · {account.lastSuccessAt ? `refreshed ${formatUtcDateTime(account.lastSuccessAt)}` : "never refreshed"}
              </span>
              {currencies.length === 0 ? (
                <span className="text-muted-foreground">No balance reported yet</span>
              ) : fundsEachSegmentApart(account.provider) ? (
                <SegmentFigures account={account} lowBalances={lowBalances} />
              ) : (
                <dl className="grid gap-0.5">
                  {currencies.map((currency) => {
                    const { available, sources, unreported } = availableInCurrency(account.balances, currency);
                    const low = lowBalances.some((item) => item.providerAccountId === account.accountId && item.currency === currency && item.scope === "");
                    return (
                      <div key={currency} className="grid grid-cols-[1fr_auto] items-baseline gap-x-2">
                        <dt className="text-muted-foreground">{currency} available</dt>
                        <dd className={figureClass(low)} data-testid={`funding-${account.accountId}-${currency}`}>
                          {available === null ? "not reported" : formatMoney(available, currency)}
                          {low ? <span className="sr-only"> (low)</span> : null}
                        </dd>
                        {available !== null && unreported > 0 ? (
                          <dd className="text-muted-foreground col-span-2 text-xs" data-testid={`funding-${account.accountId}-${currency}-unreported`}>
                            {unreported} of {sources} sources not reported by the provider, so not in this sum
                          </dd>
                        ) : null}
                      </div>
                    );
                  })}
                </dl>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
