import Link from "next/link";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditEvent } from "@/db/queries/audit";
import { actorLabel, OutcomeBadge, summaryPreview, UtcTime } from "./format";

export function AuditTable({ rows, caption }: { rows: AuditEvent[]; caption: string }) {
  return (
    <Table>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Time (UTC)</TableHead>
          <TableHead scope="col">Actor</TableHead>
          <TableHead scope="col">Action</TableHead>
          <TableHead scope="col">Outcome</TableHead>
          <TableHead scope="col" className="hidden sm:table-cell">
            Target
          </TableHead>
          <TableHead scope="col" className="hidden lg:table-cell">
            Summary
          </TableHead>
          <TableHead scope="col">
            <span className="sr-only">Details</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell>
              <UtcTime date={row.occurredAt} />
            </TableCell>
            <TableCell className="max-w-56">
              <div className="truncate">{actorLabel(row.actorEmail, row.actorUserId)}</div>
              {row.actorRoles.length > 0 ? <div className="text-muted-foreground text-xs">{row.actorRoles.join(", ")}</div> : null}
            </TableCell>
            <TableCell className="font-mono text-xs">{row.action}</TableCell>
            <TableCell>
              <OutcomeBadge outcome={row.outcome} />
            </TableCell>
            <TableCell className="hidden max-w-48 sm:table-cell">
              {row.targetType ? (
                <>
                  <div>{row.targetType}</div>
                  <div className="text-muted-foreground truncate font-mono text-xs" title={row.targetId ?? undefined}>
                    {row.targetId}
                  </div>
                </>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
            <TableCell className="text-muted-foreground hidden max-w-72 truncate text-xs lg:table-cell">{summaryPreview(row.summary)}</TableCell>
            <TableCell className="text-right">
              <Link href={`/audit/${row.id}`} className="text-primary text-sm underline-offset-4 hover:underline focus-visible:underline">
                Details<span className="sr-only"> of event {row.id}</span>
              </Link>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
