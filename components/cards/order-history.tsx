import { Badge } from "@/components/ui/badge";
import { ResponsiveList, type ListColumn } from "@/components/lists/responsive-list";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { cancelBalanceOf } from "@/lib/orders/cancel-balance";
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS } from "@/components/orders/order-labels";
import { ProviderText } from "@/components/providers/provider-text";
import { RefusalText } from "@/components/providers/refusal-text";

function When({ date }: { date: Date | null }) {
  if (!date) return <span className="text-muted-foreground">—</span>;
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {formatUtcDateTime(date)}
    </time>
  );
}

const COLUMNS: ListColumn<ProviderOrderRow>[] = [
  {
    id: "request",
    header: "Request",
    cell: (order) => ORDER_TYPE_LABELS[order.type] ?? order.type,
    sub: (order) => {
      if (order.status === "failed" && order.failureMessage) {
        return <span className="text-destructive whitespace-normal"><RefusalText message={order.failureMessage} orderType={order.type} /></span>;
      }
      if (order.status === "needs_review" && order.failureMessage) {
        return <span className="text-destructive whitespace-normal"><ProviderText text={order.failureMessage} /></span>;
      }
      // A completed cancellation says what happened to the card's balance, as recorded when it settled.
      const balance = order.status === "completed" ? cancelBalanceOf(order) : null;
      return balance ? <span data-testid="cancel-balance-outcome" className="whitespace-normal">{balance.text}</span> : null;
    },
    phone: "title",
    className: "md:max-w-72",
  },
  {
    id: "status",
    header: "Status",
    cell: (order) => <Badge variant={order.status === "failed" ? "destructive" : order.status === "completed" ? "secondary" : "outline"}>{ORDER_STATUS_LABELS[order.status]}</Badge>,
    phone: "badge",
  },
  { id: "amount", header: "Amount", align: "end", cell: (order) => <span className="tabular-nums">{order.amount !== null ? formatMoney(order.amount, order.currency) : "—"}</span>, phone: "amount" },
  { id: "fee", header: "Fee", align: "end", cell: (order) => <span className="tabular-nums">{order.fee !== null ? formatMoney(order.fee, order.feeCurrency) : "—"}</span>, phone: "detail" },
  { id: "created", header: "Created", cell: (order) => <When date={order.createdAt} />, phone: "detail" },
  { id: "completed", header: "Completed", cell: (order) => <When date={order.completedAt} />, phone: "detail" },
];

/** The requests sent to the provider for one card, newest first; cards at phone width. */
export function OrderHistory({ orders }: { orders: ProviderOrderRow[] }) {
  return <ResponsiveList rows={orders} columns={COLUMNS} rowKey={(order) => order.id} caption="Requests sent to the provider for this card, newest first" />;
}
