"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/result";
import { cn } from "@/lib/utils";

type State = { kind: "idle" } | { kind: "done" } | { kind: "error"; message: string };

/**
 * Asks the providers again through a server action (products, funding balances…) and re-renders the page from the
 * refreshed tables. A refresh that partly failed says which accounts did not answer.
 */
export function RefreshButton({
  refresh,
  accountId,
  label,
  variant = "outline",
}: {
  refresh: (input: { accountId?: string }) => Promise<ActionResult<{ failed: { label: string; message: string }[] }>>;
  accountId?: string;
  label: string;
  variant?: "outline" | "default";
}) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, startTransition] = useTransition();

  const run = () => {
    if (pending) return;
    startTransition(async () => {
      setState({ kind: "idle" });
      const result = await refresh(accountId ? { accountId } : {});
      if (!result.ok) setState({ kind: "error", message: result.error.message });
      else if (result.data.failed.length > 0) {
        setState({ kind: "error", message: result.data.failed.map((failure) => `${failure.label}: ${failure.message}`).join(" · ") });
        router.refresh();
      } else {
        setState({ kind: "done" });
        router.refresh();
      }
    });
  };

  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      {/* Not `disabled` while it works: a disabled button drops keyboard focus to the page's <body>. */}
      <Button type="button" variant={variant} size="sm" onClick={run} aria-disabled={pending || undefined} aria-busy={pending} className="aria-disabled:opacity-50">
        <RefreshCw aria-hidden className={cn(pending && "animate-spin motion-reduce:animate-none")} />
        {pending ? "Refreshing…" : label}
      </Button>
      <p role="status" aria-live="polite" className="max-w-md text-xs">
        {state.kind === "done" ? <span className="text-muted-foreground">Up to date.</span> : null}
        {state.kind === "error" ? <span className="text-destructive">{state.message}</span> : null}
      </p>
    </div>
  );
}
