import Link from "next/link";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RequestListRow } from "@/db/queries/requests";
import { formatUtcDate } from "@/lib/format";
import { REQUEST_KIND_LABELS } from "./labels";
import { RequestStatusBadge } from "./request-status-badge";
import { termsLowered, termsText } from "./request-summary";

function Terms({ row }: { row: RequestListRow }) {
  if (row.kind === "unfreeze") return <span className="text-muted-foreground">{row.cardAlias ?? "—"}</span>;
  const lowered = termsLowered(row.requested, row.approved);
  return (
    <span className="tabular-nums">
      {termsText(row.approved, row.currency)}
      {lowered ? <span className="text-muted-foreground block text-xs">asked {termsText(row.requested, row.currency)}</span> : null}
    </span>
  );
}

/** A table on wide screens; at phone width each request is a card (DESIGN.md, Screens). */
export function RequestsTable({ rows, caption }: { rows: RequestListRow[]; caption: string }) {
  return (
    <>
      <div className="hidden md:block">
        <Table>
          <TableCaption className="sr-only">{caption}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Request</TableHead>
              <TableHead scope="col">For</TableHead>
              <TableHead scope="col">Amount or limit</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">Requested</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id}>
                <TableCell className="max-w-72">
                  <Link href={`/requests/${row.id}`} className="block truncate font-medium underline-offset-4 hover:underline focus-visible:underline">
                    {REQUEST_KIND_LABELS[row.kind]}
                    {row.cardAlias && row.kind !== "new_card" ? ` · ${row.cardAlias}` : ""}
                  </Link>
                  <div className="text-muted-foreground truncate text-xs">{row.purpose}</div>
                </TableCell>
                <TableCell className="max-w-44">
                  <div className="truncate">{row.beneficiaryName}</div>
                  <div className="text-muted-foreground truncate text-xs">
                    {row.teamName}
                    {row.requesterUserId !== row.beneficiaryUserId ? ` · asked by ${row.requesterName}` : ""}
                  </div>
                </TableCell>
                <TableCell>
                  <Terms row={row} />
                </TableCell>
                <TableCell>
                  <RequestStatusBadge status={row.status} awaiting={row.awaiting} />
                </TableCell>
                <TableCell>
                  <time dateTime={row.createdAt.toISOString()} title={row.createdAt.toISOString()} className="whitespace-nowrap tabular-nums">
                    {formatUtcDate(row.createdAt)}
                  </time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="grid gap-3 md:hidden" aria-label={caption}>
        {rows.map((row) => (
          <li key={row.id} className="grid gap-2 rounded-lg border p-4">
            <div className="flex items-start justify-between gap-2">
              <Link href={`/requests/${row.id}`} className="font-medium underline-offset-4 hover:underline">
                {REQUEST_KIND_LABELS[row.kind]}
                {row.cardAlias && row.kind !== "new_card" ? ` · ${row.cardAlias}` : ""}
              </Link>
              <RequestStatusBadge status={row.status} awaiting={row.awaiting} />
            </div>
            <p className="text-muted-foreground line-clamp-2 text-sm">{row.purpose}</p>
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
              <Terms row={row} />
              <span className="text-muted-foreground text-xs">
                {row.beneficiaryName} · {formatUtcDate(row.createdAt)}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
