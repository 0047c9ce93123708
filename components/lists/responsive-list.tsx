import Link from "next/link";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

/**
 * Where a column shows on a phone card (below the md breakpoint the table becomes a list of cards, so nothing
 * scrolls sideways): the card's heading, its top-right badge (a status), its amount (prominent), a full-width
 * text line (a sentence), a labelled detail line, or nowhere. At most one column of a list is its badge.
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
  /**
   * Classes for the column's heading and cells (width, alignment, hiding at some widths). Cells keep them at phone
   * width too, where the row is a card: prefix widths with md: so they hold only in the table.
   */
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

/**
 * Below the md breakpoint each row is laid out as a card: a three-column grid (detail label, value, badge) in which
 * the title and badge share the first line, the amount or sentence follows, then one labelled line per detail
 * (a subgrid, so every label lines up). One set of elements serves both widths: drawing the rows twice, once per
 * width, doubled what every list page cost to render.
 */
const PHONE: Record<PhonePlacement, string> = {
  title: "max-md:col-span-2 max-md:row-start-1 max-md:min-w-0 max-md:break-words",
  badge: "max-md:col-start-3 max-md:row-start-1 max-md:justify-self-end",
  amount: "max-md:order-1 max-md:col-span-3 max-md:text-base max-md:font-semibold max-md:tabular-nums",
  body: "max-md:order-1 max-md:col-span-3 max-md:break-words",
  detail: "max-md:order-2 max-md:col-span-3 max-md:grid max-md:grid-cols-subgrid max-md:text-xs",
  none: "max-md:hidden",
};

/** A list that is a table at desktop width and a stack of cards at phone width (see PhonePlacement and PHONE). */
export function ResponsiveList<Row>({ rows, columns, rowKey, caption, rowHref, onRowOpen, tableClassName }: ResponsiveListProps<Row>) {
  const title = columns.find((column) => column.phone === "title");
  const opens = rowHref !== undefined || onRowOpen !== undefined;
  // Other links in a row sit above the stretched row link, so they stay clickable.
  const rowClass = cn(
    "max-md:bg-card max-md:grid max-md:grid-cols-[auto_minmax(0,1fr)_auto] max-md:gap-x-3 max-md:gap-y-1 max-md:rounded-lg max-md:border max-md:p-3",
    opens &&
      "relative cursor-pointer [&_a:not([data-row-link])]:relative [&_a:not([data-row-link])]:z-10 focus-within:bg-muted/50 has-[:is(a,button):focus-visible]:ring-ring/50 has-[:is(a,button):focus-visible]:ring-[3px] has-[:is(a,button):focus-visible]:ring-inset",
  );

  return (
    <Table className={cn("max-md:block", tableClassName)}>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader className="max-md:sr-only">
        <TableRow>
          {columns.map((column) => (
            <TableHead key={column.id} scope="col" aria-sort={column.ariaSort} className={cn(column.align === "end" && "text-right", column.className)}>
              {column.header}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody className="max-md:grid max-md:grid-cols-[minmax(0,1fr)] max-md:gap-2 max-md:[&_tr:last-child]:border">
        {rows.map((row) => (
          <TableRow key={rowKey(row)} data-row-id={rowKey(row)} className={rowClass}>
            {columns.map((column) => (
              <TableCell key={column.id} className={cn("max-md:p-0", column.align === "end" && "md:text-right", column.className, PHONE[column.phone])}>
                {column === title ? (
                  <TitleContent row={row} column={column} href={rowHref?.(row)} onOpen={onRowOpen} />
                ) : column.phone === "detail" ? (
                  <>
                    {/* The card's visible label; in the table, and to screen readers, the column heading names the cell. */}
                    <span aria-hidden className="text-muted-foreground md:hidden">
                      {column.label ?? (typeof column.header === "string" ? column.header : null)}
                    </span>
                    <div className="min-w-0 break-words max-md:col-span-2 md:contents">{column.cell(row)}</div>
                  </>
                ) : (
                  column.cell(row)
                )}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
