import { cn } from "@/lib/utils";
import { movedMoney } from "@/lib/transactions/money-moved";
import type { TransactionView } from "./transaction-view";

/**
 * A transaction's amount wherever transactions are listed. MONEY: an amount that never moved (a decline, a released
 * or lapsed hold) is struck through and says so to a screen reader, so it is never read as spend.
 */
export function AmountText({ row }: { row: Pick<TransactionView, "status" | "direction" | "amount" | "originalAmount"> }) {
  const noMoney = !movedMoney(row.status);
  return (
    <span className="whitespace-nowrap">
      <span
        className={cn(
          "tabular-nums",
          row.direction === "credit" && !noMoney && "text-success",
          noMoney && "text-muted-foreground line-through",
        )}
      >
        {row.amount}
        {noMoney ? <span className="sr-only"> (no money moved)</span> : null}
      </span>
      {row.originalAmount ? (
        <span className="text-muted-foreground block text-xs font-normal tabular-nums">{row.originalAmount}</span>
      ) : null}
    </span>
  );
}
