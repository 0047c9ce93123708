import Link from "next/link";
import { AmountText } from "@/components/transactions/amount-text";
import { TransactionStatusBadge } from "@/components/transactions/transaction-status-badge";
import { toTransactionView } from "@/components/transactions/transaction-view";
import type { TransactionListRow } from "@/db/queries/transactions";
import type { MemoWriter } from "@/lib/transactions/memo-rights";
import { Quiet } from "./overview-panel";

/** A few transactions, newest first, each linking to the full list filtered to its card. */
export function RecentTransactions({ rows, viewer, empty, showOwner = false }: { rows: TransactionListRow[]; viewer: MemoWriter; empty: string; showOwner?: boolean }) {
  if (rows.length === 0) return <Quiet>{empty}</Quiet>;
  return (
    <ul className="divide-y text-sm">
      {rows.map((row) => {
        const view = toTransactionView(row, viewer);
        return (
          <li key={row.id} className="flex items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
            <div className="grid min-w-0 gap-0.5">
              <span className="truncate font-medium">{view.merchant}</span>
              <span className="text-muted-foreground text-xs">
                <time dateTime={view.occurredAtIso}>{view.occurredAt}</time>
                {view.cardLabel && view.cardId ? (
                  <>
                    {" · "}
                    <Link href={`/transactions?card=${view.cardId}`} className="underline-offset-4 hover:underline">
                      {/* The last four digits stay on one line: they are what tells two cards apart. */}
                      {view.cardDigits ? (
                        <>
                          {view.cardName} <span className="whitespace-nowrap">{view.cardDigits}</span>
                        </>
                      ) : (
                        view.cardLabel
                      )}
                    </Link>
                  </>
                ) : null}
                {showOwner && view.ownerName ? ` · ${view.ownerName}` : null}
              </span>
              {row.status === "declined" && view.declineReason ? <span className="text-muted-foreground text-xs">{view.declineReason}</span> : null}
            </div>
            <div className="grid shrink-0 justify-items-end gap-1">
              <span className="font-medium">
                <AmountText row={view} />
              </span>
              <TransactionStatusBadge status={row.status} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
