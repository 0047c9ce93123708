import Link from "next/link";
import { AlertTriangle } from "lucide-react";
import { ORDER_TYPE_LABELS } from "./order-labels";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { ProviderText } from "@/components/providers/provider-text";
import { countText, MoreNotShown } from "@/components/overview/bounded-count";
import type { OrdersNeedingReviewPanel } from "@/lib/overview/load-overview";

/**
 * Requests whose outcome the provider never made known within the review deadline: a person should check the card
 * at the provider. Cardhub keeps looking, and the entry disappears once the provider answers.
 */
export function OrdersNeedingReview({ needingReview }: { needingReview: OrdersNeedingReviewPanel }) {
  const { orders, count } = needingReview;
  if (orders.length === 0) return null;
  return (
    <section aria-labelledby="needs-review-heading" className="border-destructive/40 grid gap-3 rounded-lg border p-4">
      <h2 id="needs-review-heading" className="flex items-center gap-2 text-lg font-semibold">
        <AlertTriangle aria-hidden className="text-destructive size-5" />
        {`Requests that need review (${countText(count)})`}
      </h2>
      <p className="text-muted-foreground text-sm">
        The provider did not say how these ended. Check each card at the provider before trying again: the money may or may not have moved.
      </p>
      <ul className="grid gap-2">
        {orders.map((order) => (
          <li key={order.id} className="grid gap-0.5 text-sm">
            <span>
              <span className="font-medium">{ORDER_TYPE_LABELS[order.type] ?? order.type}</span>
              {order.amount !== null ? ` of ${formatMoney(order.amount, order.currency)}` : null} on{" "}
              {order.card ? (
                <Link href={`/cards/${order.card.id}`} className="underline underline-offset-4">
                  {order.card.alias}
                </Link>
              ) : (
                "a card"
              )}
              , sent <time dateTime={order.createdAt.toISOString()}>{formatUtcDateTime(order.createdAt)}</time>
            </span>
            {order.failureMessage ? <span className="text-muted-foreground text-xs">
                <ProviderText text={order.failureMessage} />
              </span> : null}
          </li>
        ))}
      </ul>
      <MoreNotShown shown={orders.length} count={count} which="due first" />
    </section>
  );
}
