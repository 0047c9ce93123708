import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CardListRow, CardSort, CardSortField } from "@/db/queries/cards";
import { formatMaskedNumber, formatUtcDate } from "@/lib/format";
import { CardStatusBadge } from "./card-status-badge";
import { MODEL_LABELS, PROVIDER_LABELS } from "./labels";
import { LimitUsage } from "./limit-usage";

type SortHref = (field: CardSortField, direction: "asc" | "desc") => string;

function SortableHead({ field, label, sort, href, className }: { field: CardSortField; label: string; sort: CardSort; href: SortHref; className?: string }) {
  const active = sort.field === field;
  const next = active ? (sort.direction === "asc" ? "desc" : "asc") : field === "alias" ? "asc" : "desc";
  const Icon = !active ? ArrowUpDown : sort.direction === "asc" ? ArrowUp : ArrowDown;
  return (
    <TableHead scope="col" aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : undefined} className={className}>
      <Link href={href(field, next)} className="hover:text-foreground focus-visible:ring-ring/50 -mx-1 inline-flex items-center gap-1 rounded px-1 outline-none focus-visible:ring-[3px]">
        {label}
        <Icon aria-hidden className={active ? "size-3.5" : "text-muted-foreground size-3.5"} />
        <span className="sr-only">, sort {next === "asc" ? "ascending" : "descending"}</span>
      </Link>
    </TableHead>
  );
}

/** Scrolls sideways at phone width, with the alias (the link to the card) pinned on the left. */
export function CardsTable({
  rows,
  sort,
  sortHref,
  caption,
  spentThisMonth,
}: {
  rows: CardListRow[];
  sort: CardSort;
  sortHref: SortHref;
  caption: string;
  /** Formatted spend since the 1st of this month (UTC) per card id; the column shows only when given. */
  spentThisMonth?: Record<string, string>;
}) {
  return (
    <Table className="min-w-[56rem]">
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <SortableHead field="alias" label="Alias" sort={sort} href={sortHref} className="bg-background sticky left-0 z-10" />
          <TableHead scope="col">Card number</TableHead>
          <TableHead scope="col">Owner</TableHead>
          <TableHead scope="col">Provider</TableHead>
          <TableHead scope="col">Status</TableHead>
          <SortableHead field="balance" label="Balance or limit" sort={sort} href={sortHref} />
          {spentThisMonth ? <TableHead scope="col">Spent this month</TableHead> : null}
          <SortableHead field="created" label="Created" sort={sort} href={sortHref} />
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className="bg-background sticky left-0 z-10 max-w-56">
              <Link href={`/cards/${row.id}`} className="block truncate font-medium underline-offset-4 hover:underline focus-visible:underline">
                {row.alias}
              </Link>
              {row.tags.length > 0 ? <div className="text-muted-foreground truncate text-xs">{row.tags.join(", ")}</div> : null}
            </TableCell>
            <TableCell className="font-mono text-xs whitespace-nowrap">{formatMaskedNumber(row.maskedNumber, row.last4)}</TableCell>
            <TableCell className="max-w-44">
              <div className="truncate">{row.ownerName ?? <span className="text-muted-foreground">Unassigned</span>}</div>
              {row.teamName ? <div className="text-muted-foreground truncate text-xs">{row.teamName}</div> : null}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <div>{PROVIDER_LABELS[row.provider]}</div>
              <div className="text-muted-foreground text-xs">
                {MODEL_LABELS[row.cardModel]}
                {row.productName ? ` · ${row.productName}` : ""}
              </div>
            </TableCell>
            <TableCell>
              <CardStatusBadge status={row.status} />
            </TableCell>
            <TableCell>
              <LimitUsage card={row} />
            </TableCell>
            {spentThisMonth ? <TableCell className="whitespace-nowrap tabular-nums">{spentThisMonth[row.id] ?? "—"}</TableCell> : null}
            <TableCell>
              <time dateTime={row.createdAt.toISOString()} title={row.createdAt.toISOString()} className="whitespace-nowrap tabular-nums">
                {formatUtcDate(row.createdAt)}
              </time>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
