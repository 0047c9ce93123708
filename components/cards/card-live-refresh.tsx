"use client";

import { lazy, Suspense } from "react";

const VersionPoller = lazy(() => import("@/components/live/version-poller").then((module) => ({ default: module.VersionPoller })));

/**
 * The card page follows changes made by anyone else (a cancellation, a freeze, a limit change, an order settling, a
 * request filed or decided, a sync): it re-renders when the card's version (lib/cards/card-version.ts) moves. Its
 * code loads apart from the page's first load, as the transactions' does.
 */
export function CardLiveRefresh({ cardId, version }: { cardId: string; version: string }) {
  return (
    <Suspense fallback={null}>
      <VersionPoller source={`/api/cards/${cardId}/version`} version={version} />
    </Suspense>
  );
}
