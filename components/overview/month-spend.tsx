import type { MonthSpend } from "@/db/queries/overview-spend";
import { formatMoney } from "@/lib/format";
import { Figure, Quiet } from "./overview-panel";

function change(current: bigint, before: bigint): string {
  if (before === 0n) return current === 0n ? "no change" : "nothing spent by this point last month";
  // Tenths of a percent in integers first: no float arithmetic on the amounts themselves.
  const basis = ((current - before) * 1000n) / (before < 0n ? -before : before);
  const text = `${basis < 0n ? "−" : "+"}${(Number(basis < 0n ? -basis : basis) / 10).toFixed(1)}%`;
  return `${text} on this point last month`;
}

/** This month's spend per currency against last month's: to the same day, and the whole month. */
export function MonthSpendFigures({ spend, testIdPrefix }: { spend: MonthSpend[]; testIdPrefix: string }) {
  if (spend.length === 0) return <Quiet>No spend this month or last.</Quiet>;
  return (
    <dl className="grid gap-4 sm:grid-cols-2">
      {spend.map((item) => (
        <Figure
          key={item.currency}
          label={`This month, ${item.currency}`}
          value={formatMoney(item.thisMonth, item.currency)}
          testId={`${testIdPrefix}-${item.currency}`}
          detail={
            <>
              {change(item.thisMonth, item.lastMonthToDate)} ({formatMoney(item.lastMonthToDate, item.currency)}); all of last month{" "}
              <span data-testid={`${testIdPrefix}-last-${item.currency}`}>{formatMoney(item.lastMonth, item.currency)}</span>
            </>
          }
        />
      ))}
    </dl>
  );
}
