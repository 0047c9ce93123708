"use client";

import { Button } from "@/components/ui/button";

export default function TransactionsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border p-6">
      <p className="font-medium">The transactions could not be loaded.</p>
      <p className="text-muted-foreground text-sm">
        Nothing was changed. This is usually a passing database problem; try again in a moment.
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
