"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Loader2, X, XCircle } from "lucide-react";
import { QueryProvider } from "@/components/providers/query-provider";
import { Button } from "@/components/ui/button";
import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { OrderType } from "@/lib/providers/types";
import { formatMoney } from "@/lib/format";
import { parseMoney } from "@/lib/money";
import { ProviderText } from "@/components/providers/provider-text";
import { ORDER_TYPE_LABELS } from "@/components/orders/order-labels";
import type { OrderPoll } from "./order-tracker";
import type { Tracked } from "./result-message";

// "needs_review" is not an end, but nothing changes for hours: stop polling and say what to do.
const FINAL: readonly LocalOrderStatus[] = ["completed", "failed", "needs_review"];

async function fetchOrder(id: string): Promise<OrderPoll> {
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`, { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`order status answered ${response.status}`);
  return (await response.json()) as OrderPoll;
}

/**
 * A completed cancellation carries an amount only when the provider stated what it returned (Cardepass settleAmount);
 * otherwise what happened to the balance (last known, or reported without a destination) is in the request history.
 */
function cancelDoneText(poll: OrderPoll | undefined, providerLabel: string): string {
  if (poll?.amount && poll.currency) {
    try {
      return `The card has been cancelled: ${formatMoney(parseMoney(poll.amount, poll.currency).amount, poll.currency)} returned to the ${providerLabel} funding account.`;
    } catch {
      // An unreadable amount says nothing: fall back to the history.
    }
  }
  return "The card has been cancelled. What happened to its balance is shown with the request below.";
}

function doneText(type: OrderType | undefined): string {
  switch (type) {
    case "issue":
      return "The card has been issued.";
    case "topup":
      return "The top-up has gone through.";
    case "withdraw":
      return "The withdrawal has gone through; the money is back in the funding account.";
    case "limits":
      return "The new limits are in place.";
    case "freeze":
      return "The card is frozen.";
    case "unfreeze":
      return "The card is active again.";
    case "cancel":
      return "The card has been cancelled.";
    case "activate":
      return "The card is activated and ready to use.";
    default:
      return "Done.";
  }
}

/**
 * "Top-up of $5.00": a top-up or withdrawal names its amount, so that nobody takes it for another change of the card
 * (a cardholder's own request, waiting behind finance's top-up, is for another amount).
 */
function orderWhat(type: OrderType | undefined, poll: OrderPoll | undefined): string {
  const label = type ? ORDER_TYPE_LABELS[type] : "Request";
  if ((type === "topup" || type === "withdraw") && poll?.amount && poll.currency) {
    try {
      return `${label} of ${formatMoney(parseMoney(poll.amount, poll.currency).amount, poll.currency)}`;
    } catch {
      // An unreadable amount: the kind alone.
    }
  }
  return label;
}

type ProgressProps = {
  order: Tracked;
  providerLabel: string;
  onDismiss: () => void;
  /** The card, as the page shows it, already carries this order's result (frozen after a freeze). */
  resultShown?: boolean;
};

/** One followed order: polled once a second until the provider settles it, then the server data is re-rendered. */
export function OrderProgress(props: ProgressProps) {
  return (
    <QueryProvider>
      <Progress {...props} />
    </QueryProvider>
  );
}

function Progress({ order, providerLabel, onDismiss, resultShown = false }: ProgressProps) {
  const router = useRouter();
  const refreshed = useRef(false);
  const query = useQuery({
    queryKey: ["order", order.id],
    queryFn: () => fetchOrder(order.id),
    refetchInterval: (current) => (current.state.data && FINAL.includes(current.state.data.status) ? false : 1000),
    refetchIntervalInBackground: true,
    retry: 3,
  });
  const polled = query.data?.status;
  const type = query.data?.type ?? order.type;
  // The page re-rendered from the server (frozen, Unfreeze offered) before this poll came back: it is done, as the
  // page says; ask again at once rather than spin until the next poll.
  const polledFinal = polled !== undefined && FINAL.includes(polled);
  const status: LocalOrderStatus | undefined = resultShown && !polledFinal ? "completed" : polled;
  const final = status !== undefined && FINAL.includes(status);
  const { refetch } = query;
  useEffect(() => {
    if (resultShown && !polledFinal) void refetch();
  }, [resultShown, polledFinal, refetch]);

  useEffect(() => {
    if (polledFinal && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [polledFinal, router]);

  const what = orderWhat(type, query.data);
  let icon = <Loader2 aria-hidden className="text-muted-foreground size-4 animate-spin motion-reduce:animate-none" />;
  let text: React.ReactNode = `${what}: waiting for ${providerLabel}…`;
  if (status === "completed") {
    icon = <CheckCircle2 aria-hidden className="text-success size-4" />;
    text = type === "cancel" ? cancelDoneText(query.data, providerLabel) : doneText(type);
  } else if (status === "failed") {
    icon = <XCircle aria-hidden className="text-destructive size-4" />;
    // A refused issue leaves a card never issued, whose page gives the provider's reason once, in its own block
    // (NeverIssuedNotice, which stays on later visits): this message only points there.
    text =
      type === "issue" ? (
        <>
          <span className="font-medium">{what} failed: see below.</span> No money was taken for it.
        </>
      ) : (
        <>
          <span className="font-medium">{what} failed.</span> {query.data?.failureMessage ? (
            <>
              {providerLabel} said: <ProviderText text={query.data.failureMessage} quote />
            </>
          ) : (
            `${providerLabel} did not give a reason.`
          )}{" "}
          {type === "topup" ? "No money was taken for it." : null}
        </>
      );
  } else if (status === "needs_review") {
    icon = <XCircle aria-hidden className="text-destructive size-4" />;
    text = (
      <>
        <span className="font-medium">{what}: {providerLabel} never said how it ended.</span> Finance checks the card at {providerLabel} and records the outcome under Provider requests; until then Cardhub keeps asking.
      </>
    );
  } else if (query.isError && !query.data) {
    text = `${what}: sent to ${providerLabel}. Its progress could not be read just now; retrying…`;
  } else if (status === "created" && query.data?.retrying) {
    // Its answer was late, unreadable or an error: the provider may have carried it out already, and money moved.
    text = `${what}: ${providerLabel} has not confirmed it yet. It may already be done there; Cardhub asks again with the same request, so nothing is done twice…`;
  } else if (status === "created") {
    text = `${what}: sending to ${providerLabel}…`;
  }

  return (
    <div className={`flex items-start gap-3 rounded-lg border px-4 py-3 text-sm ${status === "failed" ? "border-destructive/40" : ""}`}>
      <span className="mt-0.5">{icon}</span>
      <span className="flex-1">{text}</span>
      {final ? (
        <Button type="button" variant="ghost" size="icon" className="-my-1.5 size-7" onClick={onDismiss}>
          <X aria-hidden />
          <span className="sr-only">Dismiss</span>
        </Button>
      ) : null}
    </div>
  );
}
