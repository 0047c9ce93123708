"use client";

import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { ClientProviderText } from "@/components/providers/client-provider-text";
import { Button } from "@/components/ui/button";
import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { ActionFailure } from "@/lib/actions/result";
import type { CardStatus, OrderType } from "@/lib/providers/types";
import { isCurrent, resultShown, type Message, type Tracked } from "./result-message";

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
  /** The currency the fee was charged in (not always the order's). */
  feeCurrency: string | null;
  /** Still "created" after a failed attempt: the provider did not answer and the job is trying again. */
  retrying?: boolean;
  updatedAt: string;
};

type TrackerContext = {
  /** Follow an order an action started: it becomes the card's one current message. */
  track: (order: Tracked) => void;
  /** An action that failed before reaching the provider: its message replaces the current one. */
  report: (failure: ActionFailure) => void;
  /** A change that needed no provider order succeeded: what it did replaces the current message. */
  confirm: (text: string) => void;
  /** A new action starts: the previous result is no longer current. */
  clear: () => void;
  /**
   * Moves keyboard focus to the message once it is shown: for an action whose button is gone or disabled afterwards
   * (Freeze becomes Unfreeze; a dialog's trigger waits for the provider), so focus does not fall back to <body>.
   */
  focusMessage: () => void;
};

const Context = createContext<TrackerContext | null>(null);

export function useOrderTracker(): TrackerContext {
  const context = useContext(Context);
  if (!context) throw new Error("useOrderTracker outside OrderTrackerProvider");
  return context;
}

const OrderProgress = lazy(() => import("./order-progress").then((module) => ({ default: module.OrderProgress })));

/**
 * The card page's one current message: the latest action's progress and result (following its order, polling
 * once a second until the provider settles it, then re-rendering the server data), or its failure. A new action
 * replaces it, and it disappears once the card's status moves on from what the action left.
 */
/** Icons drawn on the server (the card page), so their code is not in the page's first load. */
export type TrackerIcons = { done: React.ReactNode; failed: React.ReactNode; dismiss: React.ReactNode };

/** A settled message with its icon and a Dismiss button. */
function Notice({ icon, tone, dismissIcon, onDismiss, children }: { icon: React.ReactNode; tone: "done" | "failed"; dismissIcon: React.ReactNode; onDismiss: () => void; children: React.ReactNode }) {
  return (
    <div className={`mb-4 flex items-start gap-3 rounded-lg border px-4 py-3 text-sm ${tone === "failed" ? "border-destructive/40" : ""}`}>
      {icon}
      <span className="flex-1">{children}</span>
      <Button type="button" variant="ghost" size="icon" className="-my-1.5 size-7" onClick={onDismiss}>
        {dismissIcon}
        <span className="sr-only">Dismiss</span>
      </Button>
    </div>
  );
}

export function OrderTrackerProvider({
  initial,
  cardStatus,
  providerLabel,
  icons,
  focusOnArrival = false,
  children,
}: {
  initial: Tracked[];
  /**
   * The page was opened to follow an order started elsewhere (the issue form hands over here): focus starts on its
   * message, which was already on the page when it loaded and would otherwise never be read, instead of on <body>.
   */
  focusOnArrival?: boolean;
  cardStatus: CardStatus;
  providerLabel: string;
  icons: TrackerIcons;
  children: React.ReactNode;
}) {
  const last = initial.at(-1);
  const [message, setMessage] = useState<Message | null>(last ? { kind: "order", order: last, statusAtStart: cardStatus } : null);
  const status = useRef(cardStatus);
  useEffect(() => {
    status.current = cardStatus;
  }, [cardStatus]);
  const track = useCallback((order: Tracked) => setMessage({ kind: "order", order, statusAtStart: status.current }), []);
  const report = useCallback((failure: ActionFailure) => setMessage({ kind: "failure", failure, statusAtStart: status.current }), []);
  const confirm = useCallback((text: string) => setMessage({ kind: "done", text, statusAtStart: status.current }), []);
  const clear = useCallback(() => setMessage(null), []);
  const region = useRef<HTMLDivElement>(null);
  const [focusRequest, setFocusRequest] = useState(focusOnArrival ? 1 : 0);
  const focusMessage = useCallback(() => setFocusRequest((count) => count + 1), []);
  // After the commit that shows the message (and closes a dialog, whose own focus return runs first).
  useEffect(() => {
    if (focusRequest > 0) region.current?.focus();
  }, [focusRequest]);
  const context = useMemo(() => ({ track, report, confirm, clear, focusMessage }), [track, report, confirm, clear, focusMessage]);
  const shown = message && isCurrent(message, cardStatus) ? message : null;
  return (
    <Context.Provider value={context}>
      <div ref={region} tabIndex={-1} role="status" aria-live="polite" aria-label="Result of the last action" className="rounded-lg outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
        {shown?.kind === "order" ? (
          <div className="mb-4">
            {/* Its code (polling, with TanStack Query) loads only when an order is followed: not in the page's first load. */}
            <Suspense fallback={null}>
              <OrderProgress key={shown.order.id} order={shown.order} providerLabel={providerLabel} onDismiss={clear} resultShown={resultShown(shown, cardStatus)} />
            </Suspense>
          </div>
        ) : null}
        {shown?.kind === "done" ? (
          <Notice icon={icons.done} tone="done" dismissIcon={icons.dismiss} onDismiss={clear}>
            {shown.text}
          </Notice>
        ) : null}
        {shown?.kind === "failure" ? (
          <Notice icon={icons.failed} tone="failed" dismissIcon={icons.dismiss} onDismiss={clear}>
            <ClientProviderText text={shown.failure.message} />
          </Notice>
        ) : null}
      </div>
      {children}
    </Context.Provider>
  );
}
