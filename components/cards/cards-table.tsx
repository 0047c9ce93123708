"use client";

import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import type { CardSort, CardSortField } from "@/db/queries/cards";
import type { CardSortLinks } from "@/lib/cards/list-search";
import { formatMaskedNumber } from "@/lib/format-card-number";
import { productLabel } from "@/lib/products/product-label";
import { isReportedLost } from "@/lib/cards/reported-lost";
import { CreatedAt } from "@/components/lists/created-at";
import { CardStatusBadge } from "./card-status-badge";
import { ProviderMissingBadge } from "./provider-missing-badge";
import { ProviderReopenedBadge } from "./provider-reopened-badge";
import { ReportedLostBadge } from "./reported-lost-badge";
import { MODEL_LABELS, PROVIDER_LABELS } from "./labels";
import { LimitUsage } from "./limit-usage";
import type { CardsTableRow } from "./cards-table-row";

function SortLink({ field, label, sort, links }: { field: CardSortField; label: string; sort: CardSort; links: CardSortLinks }) {
  const active = sort.field === field;
  const { href, next } = links[field];
  const Icon = !active ? ArrowUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
  // At phone width the header row is only read, not shown (the Filters sheet sorts there): the column keeps its name,
  // and the link, which would be a tab stop no one can see, is not rendered (display: none).
  return (
    <>
      <span className="sort-phone-label">{label}</span>
      <Link href={href} className="sort-link" aria-label={`${label}, sort ${next === "asc" ? "ascending" : "descending"}`}>
        {label}
        <Icon aria-hidden className={active ? "size-3.5" : "text-muted-foreground size-3.5"} />
      </Link>
    </>
  );
}

function ariaSort(sort: CardSort, field: CardSortField) {
  return sort.field === field ? (sort.direction === "asc" ? "ascending" : "descending") : undefined;
}

/**
 * The cards list: the whole row opens the card; at phone width each card shows alias, status and money.
 *
 * A client component fed plain rows: rendered on the server as one piece of HTML. As a server component the rows
 * were streamed to the page as dozens of separately swapped-in fragments, which cost more than the query.
 */
export function CardsTable({
  rows,
  sort,
  sortLinks,
  caption,
  spentThisMonth,
}: {
  rows: CardsTableRow[];
  sort: CardSort;
  sortLinks: CardSortLinks;
  caption: string;
  /** Formatted spend since the 1st of this month (UTC) per card id; the column shows only when given. */
  spentThisMonth?: Record<string, string>;
}) {
  const columns: ListColumn<CardsTableRow>[] = [
    {
      id: "alias",
      header: <SortLink field="alias" label="Alias" sort={sort} links={sortLinks} />,
      label: "Alias",
      ariaSort: ariaSort(sort, "alias"),
      // Two lines at most: one line cut most aliases short, and a wider column pushed the last ones out of view.
      cell: (row) => <span className="line-clamp-2 max-w-44 break-words md:min-w-36">{row.alias}</span>,
      sub: (row) => (row.tags.length > 0 ? row.tags.join(", ") : null),
      phone: "title",
    },
    {
      id: "number",
      header: "Card number",
      cell: (row) => <span className="font-mono text-xs whitespace-nowrap">{formatMaskedNumber(row.maskedNumber, row.last4, row.status)}</span>,
      phone: "detail",
      // Between md and xl the sidebar leaves too little room for every column; the alias and the search name the card.
      className: "md:max-xl:hidden",
    },
    {
      id: "owner",
      header: "Owner",
      cell: (row) => (
        <span className="block max-w-44">
          <span className="block truncate">{row.ownerName ?? <span className="text-muted-foreground">Unassigned</span>}</span>
          {row.teamName ? <span className="text-muted-foreground block truncate text-xs">{row.teamName}</span> : null}
        </span>
      ),
      phone: "detail",
    },
    {
      id: "provider",
      header: "Provider",
      cell: (row) => (
        <span className="block md:max-w-32">
          <span className="whitespace-nowrap">{PROVIDER_LABELS[row.provider]}</span>
          <span className="text-muted-foreground block text-xs">
            {MODEL_LABELS[row.cardModel]}
            {row.productName ? ` · ${productLabel({ name: row.productName, displayName: row.productDisplayName })}` : ""}
          </span>
        </span>
      ),
      phone: "detail",
      className: "md:max-xl:hidden",
    },
    {
      id: "status",
      header: "Status",
      cell: (row) => (
        <span className="flex flex-wrap gap-1">
          <CardStatusBadge status={row.status} />
          {row.providerMissingSince ? <ProviderMissingBadge since={row.providerMissingSince} /> : null}
          {row.providerReopenedSince ? <ProviderReopenedBadge since={row.providerReopenedSince} /> : null}
          {isReportedLost(row) ? <ReportedLostBadge /> : null}
        </span>
      ),
      phone: "badge",
    },
    {
      id: "balance",
      header: <SortLink field="balance" label="Balance or limit" sort={sort} links={sortLinks} />,
      label: "Balance or limit",
      ariaSort: ariaSort(sort, "balance"),
      cell: (row) => <LimitUsage card={row} className="min-w-28" />,
      phone: "amount",
    },
    ...(spentThisMonth
      ? [
          {
            id: "spent",
            // The heading wraps: on one line it was wider than any amount under it.
            header: <span className="inline-block whitespace-normal">Spent this month</span>,
            label: "Spent this month",
            cell: (row: CardsTableRow) => <span className="whitespace-nowrap tabular-nums">{spentThisMonth[row.id] ?? "—"}</span>,
            phone: "detail" as const,
          },
        ]
      : []),
    {
      id: "created",
      header: <SortLink field="created" label="Created" sort={sort} links={sortLinks} />,
      label: "Created",
      ariaSort: ariaSort(sort, "created"),
      // An imported card's date is when Cardhub took it in (the list's order), not when its provider issued it.
      cell: (row) => (
        <>
          <CreatedAt date={row.createdAt} />
          {row.imported ? <span className="text-muted-foreground block text-xs">Imported</span> : null}
        </>
      ),
      phone: "detail",
    },
  ];
  return <ResponsiveList rows={rows} columns={columns} rowKey={(row) => row.id} rowHref={(row) => `/cards/${row.id}`} caption={caption} />;
}
