"use client";

import { RouteError } from "@/components/layout/route-error";

export default function RequestsError({ reset }: { error: Error; reset: () => void }) {
  return <RouteError title="The requests could not be loaded." reset={reset} />;
}
