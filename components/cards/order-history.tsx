import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS } from "./labels";

function When({ date }: { date: Date | null }) {
  if (!date) return <span className="text-muted-foreground">—</span>;
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {formatUtcDateTime(date)}
    </time>
  );
}

export function OrderHistory({ orders }: { orders: ProviderOrderRow[] }) {
  return (
    <Table>
      <TableCaption className="sr-only">Requests sent to the provider for this card, newest first</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Request</TableHead>
          <TableHead scope="col">Status</TableHead>
          <TableHead scope="col" className="text-right">
            Amount
          </TableHead>
          <TableHead scope="col" className="text-right">
            Fee
          </TableHead>
          <TableHead scope="col">Created</TableHead>
          <TableHead scope="col">Completed</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {orders.map((order) => (
          <TableRow key={order.id}>
            <TableCell className="max-w-72">
              <div>{ORDER_TYPE_LABELS[order.type] ?? order.type}</div>
              {(order.status === "failed" || order.status === "needs_review") && order.failureMessage ? <div className="text-destructive text-xs">{order.failureMessage}</div> : null}
            </TableCell>
            <TableCell>
              <Badge variant={order.status === "failed" ? "destructive" : order.status === "completed" ? "secondary" : "outline"}>{ORDER_STATUS_LABELS[order.status]}</Badge>
            </TableCell>
            <TableCell className="text-right tabular-nums">{order.amount !== null ? formatMoney(order.amount, order.currency) : "—"}</TableCell>
            <TableCell className="text-right tabular-nums">{order.fee !== null ? formatMoney(order.fee, order.currency) : "—"}</TableCell>
            <TableCell>
              <When date={order.createdAt} />
            </TableCell>
            <TableCell>
              <When date={order.completedAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
