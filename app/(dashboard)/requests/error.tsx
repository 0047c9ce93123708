"use client";

import { Button } from "@/components/ui/button";

export default function RequestsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border p-6">
      <p className="font-medium">The requests could not be loaded.</p>
      <p className="text-muted-foreground text-sm">Nothing was changed. Try again in a moment.</p>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
