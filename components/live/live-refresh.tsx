"use client";

import { lazy, Suspense } from "react";

const VersionPoller = lazy(() => import("./version-poller").then((module) => ({ default: module.VersionPoller })));

/**
 * New activity without a reload on a server-rendered page (see VersionPoller): `source` answers the page's version.
 * It renders nothing, so its code (and TanStack Query's) is a chunk of its own, loaded by the page instead of being
 * part of its first-load JavaScript.
 */
export function LiveRefresh({ source, version }: { source: string; version: string }) {
  return (
    <Suspense fallback={null}>
      <VersionPoller source={source} version={version} />
    </Suspense>
  );
}
