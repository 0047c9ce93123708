import { IntentLink } from "@/components/layout/intent-link";
import { Table, TableCaption, TableHead, TableHeader, TableRow } from "@/components/ui/table";
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
  /** With onRowOpen: a person pointed at or focused the row's button, and may open it next (prefetch what it shows). */
  onRowIntent?: (row: Row) => void;
  /** Classes for the table (a minimum width, so wide tables scroll inside their box rather than squeeze). */
  tableClassName?: string;
};

function TitleContent<Row>({ row, column, href, onOpen, onIntent }: { row: Row; column: ListColumn<Row>; href?: string; onOpen?: (row: Row) => void; onIntent?: (row: Row) => void }) {
  const content = column.cell(row);
  // A row without a second line (a card without tags) gets no empty element for it: one fewer per row to render.
  const sub = column.sub?.(row);
  return (
    <>
      {href ? (
        <IntentLink href={href} data-row-link className="list-row-link">
          {content}
        </IntentLink>
      ) : onOpen ? (
        <button
          type="button"
          data-row-link
          aria-haspopup="dialog"
          className="list-row-link block max-w-full text-left"
          onClick={() => onOpen(row)}
          onPointerEnter={onIntent ? () => onIntent(row) : undefined}
          onFocus={onIntent ? () => onIntent(row) : undefined}
        >
          {content}
        </button>
      ) : (
        <span className="font-medium">{content}</span>
      )}
      {sub !== undefined && sub !== null && sub !== "" ? <div className="text-muted-foreground truncate text-xs">{sub}</div> : null}
    </>
  );
}

/**
 * Below the md breakpoint each row is laid out as a card: a three-column grid (detail label, value, badge) in which
 * the title and badge share the first line, the amount or sentence follows, then one labelled line per detail
 * (a subgrid, so every label lines up). One set of elements serves both widths: drawing the rows twice, once per
 * width, doubled what every list page cost to render. The layout's classes (list-*) are in app/globals.css.
 */
export function ResponsiveList<Row>({ rows, columns, rowKey, caption, rowHref, onRowOpen, onRowIntent, tableClassName }: ResponsiveListProps<Row>) {
  const title = columns.find((column) => column.phone === "title");
  const rowClass = rowHref !== undefined || onRowOpen !== undefined ? "list-row list-row-opens" : "list-row";
  // Worked out once per column, not once per cell.
  const cellClass = new Map(
    columns.map((column) => [column, cn("list-cell", column.align === "end" && "list-cell-end", `list-phone-${column.phone}`, column.className)]),
  );

  return (
    <Table className={cn("list-table", tableClassName)}>
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
      {/* Plain elements with the list's own classes: TableRow and TableCell would repeat their utility classes in every cell. */}
      <tbody className="list-body">
        {rows.map((row) => (
          <tr key={rowKey(row)} data-row-id={rowKey(row)} className={rowClass}>
            {columns.map((column) => (
              <td key={column.id} className={cellClass.get(column)}>
                {column === title ? (
                  <TitleContent row={row} column={column} href={rowHref?.(row)} onOpen={onRowOpen} onIntent={onRowIntent} />
                ) : column.phone === "detail" ? (
                  <>
                    {/* The card's visible label; in the table, and to screen readers, the column heading names the cell. */}
                    <span aria-hidden className="list-detail-label">
                      {column.label ?? (typeof column.header === "string" ? column.header : null)}
                    </span>
                    <div className="list-detail-value">{column.cell(row)}</div>
                  </>
                ) : (
                  column.cell(row)
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
