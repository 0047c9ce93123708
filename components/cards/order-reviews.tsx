"use client";

import { useState } from "react";
import { ActionAnnouncement } from "@/components/forms/action-announcement";
import { DeferredDialog } from "@/components/layout/deferred-dialog";
import type { ReviewedOrder } from "./resolve-order-dialog";

// The dialog's code loads when its button is first used, as the card's other dialogs do.
const loadResolveDialog = () => import("./resolve-order-dialog").then((module) => module.ResolveOrderDialog);

type Props = {
  /** The card's provider requests in review, oldest first. */
  reviews: ReviewedOrder[];
  providerLabel: string;
  /** Whether this viewer records what the provider shows (finance, not on their own card). */
  mayResolve: boolean;
  /** Whether this viewer can freeze the card meanwhile (a freeze overtakes an open money order). */
  mayFreeze: boolean;
  /** The resolve button's icon, drawn on the server: no icon code in the card page's first load. */
  resolveIcon: React.ReactNode;
};

/**
 * The card's provider requests whose outcome Cardhub could not learn, and, for finance, the way to end each: record
 * what the provider shows. Always rendered, so the announcement of what was recorded outlives the review it ends.
 */
export function OrderReviews({ reviews, providerLabel, mayResolve, mayFreeze, resolveIcon }: Props) {
  const [recorded, setRecorded] = useState<string | null>(null);
  const meanwhile = `Until then the card's other changes wait${mayFreeze ? "; it can still be frozen" : ""}.`;
  return (
    <div className="grid gap-3">
      {reviews.length > 0 ? (
        <ul aria-label="Provider requests waiting for review" className="grid gap-3">
          {reviews.map((order) => (
            <li key={order.id} className="border-destructive/40 flex flex-col gap-3 rounded-lg border px-4 py-3 text-sm sm:flex-row sm:items-start sm:justify-between">
              <div className="grid gap-1">
                <p className="font-medium">
                  {order.what}, sent {order.sentAt}: {providerLabel} never said how it ended.
                </p>
                <p className="text-muted-foreground">
                  {mayResolve ? `Check the card at ${providerLabel}, then record what you found.` : `Finance checks it at ${providerLabel} and records what they find.`} {meanwhile}
                </p>
              </div>
              {mayResolve ? (
                <DeferredDialog className="shrink-0" load={loadResolveDialog} props={{ order, providerLabel, onResolved: setRecorded }}>
                  {resolveIcon} Record the outcome
                </DeferredDialog>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <ActionAnnouncement message={recorded} label="Outcome recorded for a provider request" />
    </div>
  );
}
