import { feeRuleText, feeSourceText } from "@/lib/fees/disclosure";
import type { FeeQuote } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import { formatMoney, formatUtcDateTime } from "@/lib/format";

type Props = {
  id: string;
  currency: string;
  /** The amount typed so far; null while the field is empty or not an amount yet. */
  amount: bigint | null;
  amountLabel: string;
  fee: FeeQuote | null;
  providerLabel: string;
  /** "Total from the funding account", "Total off the card". */
  totalLabel: string;
  /** The balance the total leaves, shown so an amount above it is visible before the field refuses it. */
  paying?: { label: string; balance: PayingBalance | null } | null;
};

/**
 * What will move before anyone confirms: the amount, the fee (with how firm it is: published or last charged) and
 * the total. An unknown fee is said to be unknown, never shown as zero; a fee in another currency than the amount's is
 * shown in its own and never added to it.
 */
export function CostSummary({ id, currency, amount, amountLabel, fee, providerLabel, totalLabel, paying }: Props) {
  // MONEY: a fee in another currency than the amount's (a USD fee on a JPY card) is shown in its own and the total
  // reads as both ("¥2,000 + $1.00"). Such a fee with a rate cannot be worked out before it is charged (a rate on yen
  // yields no dollars), so it is not known.
  const feeKnown = fee !== null && (fee.currency === currency || fee.rule.ratePpm === 0);
  const apart = feeKnown && fee.currency !== currency;
  const feeText = feeKnown ? (amount !== null ? formatMoney(fee.fee, fee.currency) : feeRuleText(fee.rule)) : null;
  const amountText = formatMoney(amount, currency);
  return (
    <div id={id} className="bg-muted/50 rounded-md p-3 text-sm">
      <dl className="grid grid-cols-[minmax(9rem,1fr)_auto] gap-y-1">
        <dt className="text-muted-foreground pr-4">{amountLabel}</dt>
        <dd className="text-right tabular-nums">{amountText}</dd>
        <dt className="text-muted-foreground pr-4">
          Fee
          {feeKnown ? <span className="block text-xs">{feeSourceText(fee)}</span> : null}
        </dt>
        <dd className="text-right tabular-nums">
          {/* Before an amount, a rate is said as a rate: 1.5% of nothing is not the fee. */}
          {feeText ?? <span className="text-muted-foreground">Not known before {providerLabel} charges it</span>}
          {apart ? <span className="text-muted-foreground block text-xs"> (charged in {fee.currency})</span> : null}
        </dd>
        <dt className="border-t pt-1 pr-4 font-medium">{totalLabel}</dt>
        <dd className="border-t pt-1 text-right font-medium tabular-nums">
          {amount === null ? "—" : !feeKnown ? `${amountText} + fee` : apart ? `${amountText} + ${feeText}` : formatMoney(amount + fee.fee, currency)}
        </dd>
        {paying ? (
          <>
            <dt className="text-muted-foreground pr-4">
              {paying.label}
              {paying.balance ? <span className="block text-xs">as of {formatUtcDateTime(new Date(paying.balance.refreshedAt))}</span> : null}
            </dt>
            <dd className="text-right tabular-nums">
              {paying.balance?.available != null ? (
                formatMoney(BigInt(paying.balance.available), paying.balance.currency)
              ) : (
                <span className="text-muted-foreground">{paying.balance ? "Not reported by the provider: not checked" : "Not refreshed yet"}</span>
              )}
            </dd>
            {/* The balance is in the card's currency: a fee in another is not checked against it (fundingShortfall). */}
            {paying.balance?.available != null && apart ? <dd className="text-muted-foreground col-span-2 text-xs">The fee in {fee.currency} is not counted against this balance.</dd> : null}
          </>
        ) : null}
      </dl>
    </div>
  );
}
