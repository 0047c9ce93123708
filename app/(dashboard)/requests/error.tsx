"use client";

import { PLAIN_BUTTON_CLASSES } from "@/components/ui/plain-button";

export default function RequestsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border p-6">
      <p className="font-medium">The requests could not be loaded.</p>
      <p className="text-muted-foreground text-sm">Nothing was changed. Try again in a moment.</p>
      <button type="button" data-slot="button" className={PLAIN_BUTTON_CLASSES.outline} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
