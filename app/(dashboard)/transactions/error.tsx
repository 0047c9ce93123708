"use client";

import { RouteError } from "@/components/layout/route-error";

export default function TransactionsError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      title="The transactions could not be loaded."
      detail="Nothing was changed. This is usually a passing database problem; try again in a moment."
      variant="default"
      reset={retry}
    />
  );
}
