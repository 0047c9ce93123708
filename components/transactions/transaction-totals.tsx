import type { CurrencyTotals } from "@/db/queries/transactions";
import { formatMoney } from "@/lib/format";
import type { BoundedTotals } from "@/lib/transactions/bounded-totals";

/**
 * Waits for totals the page started reading before its own queries, so the list streams first and the aggregate
 * over the whole filtered set runs beside it rather than after it.
 */
export async function TransactionTotalsLoader({ totals, period }: { totals: Promise<BoundedTotals>; period: string }) {
  const result = await totals;
  if (result.tooBroad) {
    return (
      <p role="status" className="text-muted-foreground rounded-lg border border-dashed p-4 text-sm">
        These filters match too many transactions to total here. Narrow the dates or the merchant text to see totals; the
        list and the CSV export still cover every match.
      </p>
    );
  }
  return <TransactionTotals totals={result.totals} period={period} />;
}

/** Totals of everything the filters match (every page, not only this one), per currency: never summed across currencies. */
export function TransactionTotals({ totals, period }: { totals: CurrencyTotals[]; period: string }) {
  if (totals.length === 0) return null;
  return (
    <section aria-labelledby="transaction-totals" className="grid gap-2">
      <h2 id="transaction-totals" className="sr-only">
        Totals of the filtered transactions, {period}
      </h2>
      {/* Each currency wide enough for its four figures on one line. */}
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,24rem),1fr))] gap-3">
        {totals.map((total) => (
          <li key={total.currency} className="rounded-lg border p-4">
            <p className="text-muted-foreground text-xs font-medium tracking-wide uppercase">
              {total.currency}
            </p>
            <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
              <div>
                <dt className="text-muted-foreground text-xs">Spent</dt>
                <dd className="font-semibold tabular-nums">{formatMoney(total.spent, total.currency)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground text-xs">Refunded</dt>
                <dd className="font-semibold tabular-nums">{formatMoney(total.refunded, total.currency)}</dd>
              </div>
              <div>
                {/* MONEY: what the filtered purchases cost once refunds came back; below zero when refunds of earlier
                    purchases outweigh the period's spend. */}
                <dt className="text-muted-foreground text-xs">Net</dt>
                <dd className="font-semibold tabular-nums">{formatMoney(total.spent - total.refunded, total.currency)}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground text-xs">Declined</dt>
                <dd className="font-semibold tabular-nums">{total.declinedCount}</dd>
              </div>
            </dl>
            <p className="text-muted-foreground mt-2 text-xs">
              {total.count === 1 ? "1 transaction" : `${total.count} transactions`} · {period}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
