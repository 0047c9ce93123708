"use client";

import { lazy, Suspense, useState } from "react";
import Link from "next/link";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { TransactionStatusBadge } from "./transaction-status-badge";
import type { TransactionView } from "./transaction-view";

// The drawer (details, memo form) loads when a transaction is first opened, not with the list.
const TransactionDrawer = lazy(() => import("./transaction-drawer").then((module) => ({ default: module.TransactionDrawer })));

function place(row: TransactionView): string | null {
  return [row.merchantCity, row.merchantCountry].filter(Boolean).join(", ") || null;
}

function AmountText({ row, className }: { row: TransactionView; className?: string }) {
  const noMoney = row.status === "declined" || row.status === "reversed" || row.status === "expired";
  return (
    <span
      className={cn(
        "tabular-nums whitespace-nowrap",
        row.direction === "credit" && !noMoney && "text-success",
        noMoney && "text-muted-foreground line-through",
        className,
      )}
    >
      {row.amount}
      {noMoney ? <span className="sr-only"> (no money moved)</span> : null}
    </span>
  );
}

/**
 * Transactions as a table (cards at phone width). Each row opens the detail drawer: the merchant name is a button, so
 * the keyboard reaches it; the card is a link of its own.
 */
export function TransactionList({
  rows,
  caption,
  showCard = true,
}: {
  rows: TransactionView[];
  caption: string;
  showCard?: boolean;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  const open = rows.find((row) => row.id === openId) ?? null;
  return (
    <>
      <div className="hidden md:block">
        <Table>
          <TableCaption className="sr-only">{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Date (UTC)</TableHead>
              <TableHead scope="col">Merchant</TableHead>
              {showCard ? <TableHead scope="col">Card</TableHead> : null}
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col" className="text-right">
                Amount
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow
                key={row.id}
                data-transaction-id={row.id}
                className="cursor-pointer"
                onClick={() => setOpenId(row.id)}
              >
                <TableCell className="text-muted-foreground whitespace-nowrap">
                  {row.occurredAt.replace(" UTC", "")}
                </TableCell>
                <TableCell className="max-w-72">
                  <button
                    type="button"
                    className="block max-w-full truncate text-left font-medium underline-offset-4 hover:underline focus-visible:underline focus-visible:outline-none"
                    onClick={(event) => {
                      event.stopPropagation();
                      setOpenId(row.id);
                    }}
                    aria-haspopup="dialog"
                  >
                    {row.merchant}
                  </button>
                  <div className="text-muted-foreground truncate text-xs">
                    {[
                      place(row),
                      row.kind !== "Purchase" ? row.kind : null,
                      row.memo ? `Memo: ${row.memo}` : null,
                    ]
                      .filter(Boolean)
                      .join(" · ") || " "}
                  </div>
                </TableCell>
                {showCard ? (
                  <TableCell className="max-w-56">
                    {row.cardId && row.cardLabel ? (
                      <Link
                        href={`/cards/${row.cardId}`}
                        onClick={(event) => event.stopPropagation()}
                        className="block truncate underline-offset-4 hover:underline"
                      >
                        {row.cardLabel}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">Card not linked yet</span>
                    )}
                    <div className="text-muted-foreground truncate text-xs">
                      {[row.ownerName ?? "Unassigned", row.provider].join(" · ")}
                    </div>
                  </TableCell>
                ) : null}
                <TableCell>
                  <TransactionStatusBadge status={row.status} />
                </TableCell>
                <TableCell className="text-right">
                  <AmountText row={row} />
                  {row.originalAmount ? (
                    <div className="text-muted-foreground text-xs tabular-nums">{row.originalAmount}</div>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="grid grid-cols-[minmax(0,1fr)] gap-2 md:hidden" aria-label={caption}>
        {rows.map((row) => (
          <li key={row.id} data-transaction-id={row.id}>
            <button
              type="button"
              onClick={() => setOpenId(row.id)}
              aria-haspopup="dialog"
              className="hover:bg-muted/50 focus-visible:ring-ring/50 grid w-full min-w-0 grid-cols-[minmax(0,1fr)] gap-1 rounded-lg border p-3 text-left outline-none focus-visible:ring-[3px]"
            >
              <span className="flex items-start justify-between gap-3">
                <span className="min-w-0 truncate font-medium">{row.merchant}</span>
                <AmountText row={row} className="font-medium" />
              </span>
              <span className="text-muted-foreground flex items-center justify-between gap-3 text-xs">
                <span className="min-w-0 truncate">
                  {row.occurredAt}
                  {showCard && row.cardLabel ? ` · ${row.cardLabel}` : ""}
                </span>
                <TransactionStatusBadge status={row.status} />
              </span>
            </button>
          </li>
        ))}
      </ul>
      {open ? (
        <Suspense fallback={null}>
          <TransactionDrawer transaction={open} onClose={() => setOpenId(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
