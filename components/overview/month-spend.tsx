import type { MonthSpend } from "@/db/queries/overview-spend";
import { formatMoney } from "@/lib/format";
import { formatPercentChange } from "@/lib/format-percent-change";
import { Figure, Quiet } from "./overview-panel";

function change(current: bigint, before: bigint): string | null {
  if (before <= 0n) return null;
  // Tenths of a percent in integers first: no float arithmetic on the amounts themselves.
  return formatPercentChange(((current - before) * 1000n) / before);
}

/** This month's spend per currency against last month's: to the same day, and the whole month. */
export function MonthSpendFigures({ spend, testIdPrefix }: { spend: MonthSpend[]; testIdPrefix: string }) {
  if (spend.length === 0) return <Quiet>No spend this month or last.</Quiet>;
  return (
    <dl className={spend.length > 1 ? "grid gap-4 sm:grid-cols-2" : "grid gap-4"}>
      {spend.map((item) => {
        const delta = change(item.thisMonth, item.lastMonthToDate);
        return (
          <Figure
            key={item.currency}
            label={`This month, ${item.currency}`}
            value={formatMoney(item.thisMonth, item.currency)}
            testId={`${testIdPrefix}-${item.currency}`}
            detail={
              <span className="grid">
                <span>
                  By this day last month: {formatMoney(item.lastMonthToDate, item.currency)}
                  {delta ? ` (${delta})` : ""}
                </span>
                <span>
                  All of last month: <span data-testid={`${testIdPrefix}-last-${item.currency}`}>{formatMoney(item.lastMonth, item.currency)}</span>
                </span>
              </span>
            }
          />
        );
      })}
    </dl>
  );
}
