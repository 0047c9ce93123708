"use client";

import { RouteError } from "@/components/layout/route-error";

export default function RequestsError({ retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="The requests could not be loaded." reset={retry} />;
}
