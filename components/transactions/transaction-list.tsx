"use client";

import { lazy, Suspense, useState } from "react";
import { IntentLink } from "@/components/layout/intent-link";
import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import { AmountText } from "./amount-text";
import { TransactionStatusBadge } from "./transaction-status-badge";
import type { TransactionView } from "./transaction-view";

// The drawer (details, memo form) loads when a transaction is first opened, not with the list.
const TransactionDrawer = lazy(() => import("./transaction-drawer").then((module) => ({ default: module.TransactionDrawer })));

function place(row: TransactionView): string | null {
  return [row.merchantCity, row.merchantCountry].filter(Boolean).join(", ") || null;
}

function CardCell({ row }: { row: TransactionView }) {
  return (
    <span className="block max-w-56 min-w-0 md:max-xl:max-w-44">
      {row.cardId && row.cardLabel ? (
        // The name is cut short when the cell is narrow; the last four digits, which tell cards apart, never are.
        <IntentLink href={`/cards/${row.cardId}`} title={row.cardLabel} className="flex min-w-0 gap-1 underline-offset-4 hover:underline">
          {row.cardName ? <span className="min-w-0 truncate">{row.cardName}</span> : null}
          {row.cardDigits ? <span className="shrink-0 whitespace-nowrap tabular-nums">{row.cardDigits}</span> : null}
        </IntentLink>
      ) : row.cardUnknownToProvider ? (
        <span className="text-muted-foreground">Card unknown to the provider</span>
      ) : (
        <span className="text-muted-foreground">Card not linked yet</span>
      )}
      <span className="text-muted-foreground block truncate text-xs">
        {[row.ownerName ?? "Unassigned", row.provider].join(" · ")}
      </span>
    </span>
  );
}

/**
 * Transactions on the shared responsive list: a table at desktop width, cards showing status and amount at phone
 * width. The whole row opens the detail drawer (the merchant is the row's button, so the keyboard reaches it); the
 * card is a link of its own.
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
  const columns: ListColumn<TransactionView>[] = [
    {
      id: "date",
      header: "Date (UTC)",
      cell: (row) => (
        <time dateTime={row.occurredAtIso} className="text-muted-foreground whitespace-nowrap tabular-nums">
          {row.occurredAt.replace(" UTC", "")}
        </time>
      ),
      phone: "detail",
    },
    {
      id: "merchant",
      header: "Merchant",
      cell: (row) => <span className="block truncate">{row.merchant}</span>,
      sub: (row) =>
        [place(row), row.kind !== "Purchase" ? row.kind : null, row.memo ? `Memo: ${row.memo}` : null]
          .filter(Boolean)
          .join(" · ") || null,
      phone: "title",
      className: "md:max-w-52 xl:max-w-72",
    },
    ...(showCard
      ? [{ id: "card", header: "Card", cell: (row: TransactionView) => <CardCell row={row} />, phone: "detail" as const }]
      : []),
    { id: "status", header: "Status", cell: (row) => <TransactionStatusBadge status={row.status} />, phone: "badge" },
    { id: "amount", header: "Amount", cell: (row) => <AmountText row={row} />, phone: "amount", align: "end" },
  ];
  return (
    <>
      <ResponsiveList
        rows={rows}
        columns={columns}
        rowKey={(row) => row.id}
        caption={caption}
        onRowOpen={(row) => setOpenId(row.id)}
      />
      {open ? (
        <Suspense fallback={null}>
          <TransactionDrawer transaction={open} onClose={() => setOpenId(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
