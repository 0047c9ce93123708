import Link from "next/link";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

/**
 * Where a column shows on a phone card (below the md breakpoint the table becomes a list of cards, so nothing
 * scrolls sideways): the card's heading, its top-right badge (a status), its amount (prominent), a full-width
 * text line (a sentence), a labelled detail line, or nowhere.
 */
export type PhonePlacement = "title" | "badge" | "amount" | "body" | "detail" | "none";

export type ListColumn<Row> = {
  id: string;
  /** The column heading; may be a sort link. Also the label of a "detail" line on a phone card. */
  header: React.ReactNode;
  /** Plain-text heading for phone detail lines when `header` is not plain text (a sort link). */
  label?: string;
  cell: (row: Row) => React.ReactNode;
  /** A second, muted line under the cell (tags under an alias). Outside the row's link. */
  sub?: (row: Row) => React.ReactNode;
  phone: PhonePlacement;
  /** aria-sort of the heading when the list is sorted by this column. */
  ariaSort?: "ascending" | "descending";
  /** Classes for the column's heading and cells (width, alignment, hiding at some widths). */
  className?: string;
  align?: "start" | "end";
};

export type ResponsiveListProps<Row> = {
  rows: readonly Row[];
  /** Exactly one column should be placed as the phone "title": it holds the row's link. */
  columns: readonly ListColumn<Row>[];
  rowKey: (row: Row) => string;
  /** Screen-reader caption of the table and label of the phone list, e.g. "Cards, 25 shown". */
  caption: string;
  /**
   * When given, the whole row (and the whole phone card) opens this page. The title cell holds the real link,
   * so it is one tab stop with a proper name for keyboards and screen readers; its hit area is stretched over
   * the row, and any other link in the row stays clickable above it.
   */
  rowHref?: (row: Row) => string;
  /**
   * For records shown in place rather than on a page of their own (a transaction's drawer): the whole row opens it.
   * The title cell holds a real button instead of a link, stretched over the row the same way.
   */
  onRowOpen?: (row: Row) => void;
  /** Classes for the table (a minimum width, so wide tables scroll inside their box rather than squeeze). */
  tableClassName?: string;
};

const STRETCH = "after:absolute after:inset-0 after:content-[''] focus-visible:outline-none";

const ROW_LINK = cn("font-medium underline-offset-4 hover:underline focus-visible:underline", STRETCH);

function TitleContent<Row>({ row, column, href, onOpen }: { row: Row; column: ListColumn<Row>; href?: string; onOpen?: (row: Row) => void }) {
  const content = column.cell(row);
  return (
    <>
      {href ? (
        <Link href={href} data-row-link className={ROW_LINK}>
          {content}
        </Link>
      ) : onOpen ? (
        <button type="button" data-row-link aria-haspopup="dialog" className={cn("block max-w-full text-left", ROW_LINK)} onClick={() => onOpen(row)}>
          {content}
        </button>
      ) : (
        <span className="font-medium">{content}</span>
      )}
      {column.sub ? <div className="text-muted-foreground truncate text-xs">{column.sub(row)}</div> : null}
    </>
  );
}

/** A list that is a table at desktop width and a stack of cards at phone width (see PhonePlacement). */
export function ResponsiveList<Row>({ rows, columns, rowKey, caption, rowHref, onRowOpen, tableClassName }: ResponsiveListProps<Row>) {
  const title = columns.find((column) => column.phone === "title");
  const badges = columns.filter((column) => column.phone === "badge");
  const amounts = columns.filter((column) => column.phone === "amount" || column.phone === "body");
  const details = columns.filter((column) => column.phone === "detail");
  const opens = rowHref !== undefined || onRowOpen !== undefined;
  // Other links in a row sit above the stretched row link, so they stay clickable.
  const rowClass = opens
    ? "relative cursor-pointer [&_a:not([data-row-link])]:relative [&_a:not([data-row-link])]:z-10 focus-within:bg-muted/50 has-[:is(a,button):focus-visible]:ring-ring/50 has-[:is(a,button):focus-visible]:ring-[3px] has-[:is(a,button):focus-visible]:ring-inset"
    : undefined;
  const titleOf = (row: Row) => (title ? <TitleContent row={row} column={title} href={rowHref?.(row)} onOpen={onRowOpen} /> : null);

  return (
    <>
      <div className="hidden md:block">
        <Table className={tableClassName}>
          <TableCaption className="sr-only">{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              {columns.map((column) => (
                <TableHead key={column.id} scope="col" aria-sort={column.ariaSort} className={cn(column.align === "end" && "text-right", column.className)}>
                  {column.header}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={rowKey(row)} data-row-id={rowKey(row)} className={rowClass}>
                {columns.map((column) => (
                  <TableCell key={column.id} className={cn(column.align === "end" && "text-right", column.className)}>
                    {column === title ? titleOf(row) : column.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul aria-label={caption} className="grid grid-cols-[minmax(0,1fr)] gap-2 md:hidden">
        {rows.map((row) => (
          <li key={rowKey(row)} data-row-id={rowKey(row)} className={cn("bg-card grid grid-cols-[minmax(0,1fr)] gap-2 rounded-lg border p-3 text-sm", rowClass, opens && "hover:bg-muted/50")}>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0 break-words">{titleOf(row)}</div>
              {badges.length > 0 ? <div className="flex shrink-0 flex-wrap justify-end gap-1">{badges.map((column) => <span key={column.id}>{column.cell(row)}</span>)}</div> : null}
            </div>
            {amounts.map((column) => (
              <div key={column.id} className={column.phone === "amount" ? "text-base font-semibold tabular-nums" : "break-words"}>
                {column.cell(row)}
              </div>
            ))}
            {details.length > 0 ? (
              <dl className="text-muted-foreground grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                {details.map((column) => (
                  <div key={column.id} className="contents">
                    <dt>{column.label ?? column.header}</dt>
                    <dd className="text-foreground min-w-0 break-words">{column.cell(row)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
