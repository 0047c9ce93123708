"use client";

import { lazy, Suspense, useState } from "react";
import { IntentLink } from "@/components/layout/intent-link";
import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import { AmountText } from "./amount-text";
import { TransactionStatusBadge } from "./transaction-status-badge";
import type { TransactionListItem } from "./transaction-list-item";
import type { TransactionView } from "./transaction-view";

// The drawer (its details' fetching, TanStack Query, the memo form) loads when a row is first pointed at, focused or
// opened, not with the list.
const loadDrawer = () => import("./transaction-drawer");
const TransactionDrawer = lazy(() => loadDrawer().then((module) => ({ default: module.TransactionDrawer })));

/**
 * List rows only: a full TransactionView per row would be serialised into the page for every listed row, for a drawer
 * that fetches its own (the type refuses one).
 */
type ListedRow = TransactionListItem & { [Field in Exclude<keyof TransactionView, keyof TransactionListItem>]?: never };

function place(row: ListedRow): string | null {
  return [row.merchantCity, row.merchantCountry].filter(Boolean).join(", ") || null;
}

function CardCell({ row }: { row: ListedRow }) {
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
  rows: ListedRow[];
  caption: string;
  showCard?: boolean;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  // This list's cache of fetched details (see detailsClientFor): it lasts as long as the list.
  const [detailsCache] = useState(() => ({}));
  const open = rows.find((row) => row.id === openId) ?? null;
  const columns: ListColumn<ListedRow>[] = [
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
        [place(row), row.kind !== "Purchase" ? row.kind : null, row.declineReason, row.memo ? `Memo: ${row.memo}` : null]
          .filter(Boolean)
          .join(" · ") || null,
      phone: "title",
      className: "md:max-w-52 xl:max-w-72",
    },
    ...(showCard
      ? [{ id: "card", header: "Card", cell: (row: ListedRow) => <CardCell row={row} />, phone: "detail" as const }]
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
        onRowIntent={(row) =>
          void loadDrawer().then(
            (drawer) => drawer.prefetchTransactionDetails(detailsCache, row.id),
            // The drawer's code did not load: opening the row asks for it again.
            () => undefined,
          )
        }
      />
      {open ? (
        <Suspense fallback={null}>
          <TransactionDrawer row={open} detailsCache={detailsCache} onClose={() => setOpenId(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
