"use client";

import { PLAIN_BUTTON_CLASSES } from "@/components/ui/plain-button";

export default function TransactionsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border p-6">
      <p className="font-medium">The transactions could not be loaded.</p>
      <p className="text-muted-foreground text-sm">
        Nothing was changed. This is usually a passing database problem; try again in a moment.
      </p>
      <button type="button" data-slot="button" className={PLAIN_BUTTON_CLASSES.default} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
