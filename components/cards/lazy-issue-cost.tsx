"use client";

import { lazy } from "react";

type IssueCostModule = { default: typeof import("./issue-cost").IssueCost };
let issueCostModule: IssueCostModule | null = null;

/**
 * Fetches the cost panel's code (the issue and request forms call it once a field is used, not with the page: first-load
 * JavaScript budget), so that it is here when the panel appears. A failed fetch is tried again when the panel is shown.
 */
export const preloadIssueCost = () => import("./issue-cost").then((module) => (issueCostModule = { default: module.IssueCost }));

/**
 * IssueCost, its code loaded on first use. Once preloaded, lazy is handed a thenable that answers at once: the panel
 * then renders without suspending, where even a resolved promise shows the Suspense fallback for React's 300 ms and the
 * fields below move when the panel, of another height, replaces it.
 */
export const LazyIssueCost = lazy(() => {
  const loaded = issueCostModule;
  if (!loaded) return preloadIssueCost();
  // React reads any thenable here, and one that calls back at once is used at once; its types only name Promise.
  const answersAtOnce = { then: (resolve: (module: IssueCostModule) => void) => resolve(loaded) };
  return answersAtOnce as unknown as Promise<IssueCostModule>;
});
