"use client";

import { createContext, useCallback, useContext, useState } from "react";
import dynamic from "next/dynamic";
import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import type { OrderType } from "@/lib/providers/types";

// The progress list (and TanStack Query with it) loads only while an order is being followed.
const OrderProgressList = dynamic(() => import("./order-progress").then((module) => module.OrderProgressList));

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

export type Tracked = { id: string; type?: OrderType };
type TrackerContext = { track: (order: Tracked) => void };

const Context = createContext<TrackerContext | null>(null);

export function useOrderTracker(): TrackerContext {
  const context = useContext(Context);
  if (!context) throw new Error("useOrderTracker outside OrderTrackerProvider");
  return context;
}

/**
 * Follows the card's open orders (from the server) and every order an action starts, polling each once a
 * second until the provider settles it; then re-renders the server data so balance and status are current.
 */
export function OrderTrackerProvider({ initial, providerLabel, children }: { initial: Tracked[]; providerLabel: string; children: React.ReactNode }) {
  const [orders, setOrders] = useState<Tracked[]>(initial);
  const track = useCallback((order: Tracked) => setOrders((current) => (current.some((o) => o.id === order.id) ? current : [...current, order])), []);
  const dismiss = (id: string) => setOrders((current) => current.filter((order) => order.id !== id));
  return (
    <Context.Provider value={{ track }}>
      <div role="status" aria-live="polite" aria-label="Provider requests in progress">
        {orders.length > 0 ? (
          <OrderProgressList orders={orders} providerLabel={providerLabel} onDismiss={dismiss} />
        ) : null}
      </div>
      {children}
    </Context.Provider>
  );
}
