"use client";

import Link from "next/link";
import { PLAIN_BUTTON_CLASSES } from "@/components/ui/plain-button";

/** One request's page failed (the list's boundary, ../error.tsx, speaks of the requests in the plural). */
export default function RequestError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border p-6">
      <p className="font-medium">This request could not be loaded.</p>
      <p className="text-muted-foreground text-sm">Nothing was changed. Try again in a moment.</p>
      <div className="flex flex-wrap items-center gap-4">
        <button type="button" data-slot="button" className={PLAIN_BUTTON_CLASSES.outline} onClick={reset}>
          Try again
        </button>
        <Link href="/requests" className="text-sm underline underline-offset-4">
          Back to requests
        </Link>
      </div>
    </div>
  );
}
