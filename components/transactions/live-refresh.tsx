"use client";

import { lazy, Suspense } from "react";

const VersionPoller = lazy(() => import("@/components/live/version-poller").then((module) => ({ default: module.VersionPoller })));

/**
 * New transactions without a reload (see VersionPoller). It renders nothing, so its code (and TanStack Query's) is a
 * chunk of its own, loaded by the page instead of being part of its first-load JavaScript.
 */
export function TransactionsLiveRefresh({ cardId, version }: { cardId?: string; version: string }) {
  return (
    <Suspense fallback={null}>
      <VersionPoller source={`/api/transactions/version${cardId ? `?card=${encodeURIComponent(cardId)}` : ""}`} version={version} />
    </Suspense>
  );
}
