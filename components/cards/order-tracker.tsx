"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { QueryProvider } from "@/components/providers/query-provider";
import { CheckCircle2, Loader2, X, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { ActionFailure } from "@/lib/actions/result";
import type { CardStatus, OrderType } from "@/lib/providers/types";
import { isCurrent, type Message, type Tracked } from "./result-message";
import { ORDER_TYPE_LABELS } from "./labels";

/** What GET /api/orders/{id} answers. */
export type OrderPoll = {
  id: string;
  type: OrderType;
  status: LocalOrderStatus;
  failureMessage: string | null;
  cardId: string | null;
  amount: string | null;
  currency: string | null;
  fee: string | null;
  /** Still "created" after a failed attempt: the provider did not answer and the job is trying again. */
  retrying?: boolean;
  updatedAt: string;
};

type TrackerContext = {
  /** Follow an order an action started: it becomes the card's one current message. */
  track: (order: Tracked) => void;
  /** An action that failed before reaching the provider: its message replaces the current one. */
  report: (failure: ActionFailure) => void;
  /** A new action starts: the previous result is no longer current. */
  clear: () => void;
};

const Context = createContext<TrackerContext | null>(null);

export function useOrderTracker(): TrackerContext {
  const context = useContext(Context);
  if (!context) throw new Error("useOrderTracker outside OrderTrackerProvider");
  return context;
}

// "needs_review" is not an end, but nothing changes for hours: stop polling and say what to do.
const FINAL: readonly LocalOrderStatus[] = ["completed", "failed", "needs_review"];

async function fetchOrder(id: string): Promise<OrderPoll> {
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`, { cache: "no-store", headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`order status answered ${response.status}`);
  return (await response.json()) as OrderPoll;
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

function OrderProgress({ order, providerLabel, onDismiss }: { order: Tracked; providerLabel: string; onDismiss: () => void }) {
  const router = useRouter();
  const refreshed = useRef(false);
  const query = useQuery({
    queryKey: ["order", order.id],
    queryFn: () => fetchOrder(order.id),
    refetchInterval: (current) => (current.state.data && FINAL.includes(current.state.data.status) ? false : 1000),
    refetchIntervalInBackground: true,
    retry: 3,
  });
  const status = query.data?.status;
  const type = query.data?.type ?? order.type;
  const final = status !== undefined && FINAL.includes(status);

  useEffect(() => {
    if (final && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [final, router]);

  const what = type ? ORDER_TYPE_LABELS[type] : "Request";
  let icon = <Loader2 aria-hidden className="text-muted-foreground size-4 animate-spin motion-reduce:animate-none" />;
  let text: React.ReactNode = `${what}: waiting for ${providerLabel}…`;
  if (status === "completed") {
    icon = <CheckCircle2 aria-hidden className="text-success size-4" />;
    text = doneText(type);
  } else if (status === "failed") {
    icon = <XCircle aria-hidden className="text-destructive size-4" />;
    text = (
      <>
        <span className="font-medium">{what} failed.</span> {query.data?.failureMessage ? `${providerLabel} said: “${query.data.failureMessage}”` : `${providerLabel} did not give a reason.`}{" "}
        {type === "issue" || type === "topup" ? "No money was taken for it." : null}
      </>
    );
  } else if (status === "needs_review") {
    icon = <XCircle aria-hidden className="text-destructive size-4" />;
    text = (
      <>
        <span className="font-medium">{what}: {providerLabel} never said how it ended.</span> Check the card at {providerLabel} before trying again; Cardhub keeps asking.
      </>
    );
  } else if (query.isError && !query.data) {
    text = `${what}: sent to ${providerLabel}. Its progress could not be read just now; retrying…`;
  } else if (status === "created" && query.data?.retrying) {
    text = `${what}: ${providerLabel} did not answer yet; trying again with the same request, so nothing is done twice…`;
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

/**
 * The card page's one current message: the latest action's progress and result (following its order, polling
 * once a second until the provider settles it, then re-rendering the server data), or its failure. A new action
 * replaces it, and it disappears once the card's status moves on from what the action left.
 */
export function OrderTrackerProvider({ initial, cardStatus, providerLabel, children }: { initial: Tracked[]; cardStatus: CardStatus; providerLabel: string; children: React.ReactNode }) {
  const last = initial.at(-1);
  const [message, setMessage] = useState<Message | null>(last ? { kind: "order", order: last, statusAtStart: cardStatus } : null);
  const status = useRef(cardStatus);
  useEffect(() => {
    status.current = cardStatus;
  }, [cardStatus]);
  const track = useCallback((order: Tracked) => setMessage({ kind: "order", order, statusAtStart: status.current }), []);
  const report = useCallback((failure: ActionFailure) => setMessage({ kind: "failure", failure, statusAtStart: status.current }), []);
  const clear = useCallback(() => setMessage(null), []);
  const context = useMemo(() => ({ track, report, clear }), [track, report, clear]);
  const shown = message && isCurrent(message, cardStatus) ? message : null;
  return (
    <QueryProvider>
      <Context.Provider value={context}>
        <div role="status" aria-live="polite" aria-label="Result of the last action">
          {shown?.kind === "order" ? (
            <div className="mb-4">
              <OrderProgress key={shown.order.id} order={shown.order} providerLabel={providerLabel} onDismiss={clear} />
            </div>
          ) : null}
          {shown?.kind === "failure" ? (
            <div className="mb-4 flex items-start gap-3 rounded-lg border border-destructive/40 px-4 py-3 text-sm">
              <XCircle aria-hidden className="text-destructive mt-0.5 size-4" />
              <span className="flex-1">{shown.failure.message}</span>
              <Button type="button" variant="ghost" size="icon" className="-my-1.5 size-7" onClick={clear}>
                <X aria-hidden />
                <span className="sr-only">Dismiss</span>
              </Button>
            </div>
          ) : null}
        </div>
        {children}
      </Context.Provider>
    </QueryProvider>
  );
}
