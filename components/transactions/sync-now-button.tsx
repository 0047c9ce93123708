"use client";

import { useState, useTransition } from "react";
import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { syncTransactionsNowAction } from "@/lib/actions/transactions/sync-transactions-now";

/** Pulls from the providers now; the page refreshes itself when anything new arrives. */
export function SyncNowButton() {
  const [message, setMessage] = useState("");
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-2">
      {/* Not `disabled` while it works: a disabled button drops keyboard focus to the page's <body>. */}
      <Button
        type="button"
        variant="outline"
        aria-disabled={pending || undefined}
        aria-busy={pending}
        className="aria-disabled:opacity-50"
        onClick={() => {
          if (pending) return;
          startTransition(async () => {
            const result = await syncTransactionsNowAction({});
            setMessage(
              result.ok
                ? "Asked every provider for new transactions; they appear here as they arrive."
                : result.error.message,
            );
          });
        }}
      >
        <RefreshCw aria-hidden className={pending ? "animate-spin motion-reduce:animate-none" : undefined} />{" "}
        Check providers now
      </Button>
      <span role="status" className="text-muted-foreground text-sm">
        {message}
      </span>
    </div>
  );
}
