"use client";

import { RouteError } from "@/components/layout/route-error";

/**
 * The overview failed (a read lost its database, for example), shown inside the dashboard layout. "Try again" uses
 * retry, which asks the server again: reset alone would re-render the failed answer it already has.
 */
export default function OverviewError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      title="The overview could not be loaded."
      detail="Nothing was changed. This is usually a passing database problem; try again in a moment."
      variant="default"
      reset={retry}
    />
  );
}
