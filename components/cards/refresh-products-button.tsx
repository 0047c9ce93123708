"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { refreshProductsAction } from "@/lib/actions/products/refresh-products";
import { cn } from "@/lib/utils";

type State = { kind: "idle" } | { kind: "done" } | { kind: "error"; message: string };

/** Asks the providers again (through the server action) and re-renders from the refreshed table. */
export function RefreshProductsButton({ accountId, label, variant = "outline" }: { accountId?: string; label: string; variant?: "outline" | "default" }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, startTransition] = useTransition();

  const refresh = () =>
    startTransition(async () => {
      setState({ kind: "idle" });
      const result = await refreshProductsAction(accountId ? { accountId } : {});
      if (result.ok) {
        setState({ kind: "done" });
        router.refresh();
      } else setState({ kind: "error", message: result.error.message });
    });

  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <Button type="button" variant={variant} size="sm" onClick={refresh} disabled={pending} aria-busy={pending}>
        <RefreshCw aria-hidden className={cn(pending && "animate-spin motion-reduce:animate-none")} />
        {pending ? "Refreshing…" : label}
      </Button>
      <p role="status" aria-live="polite" className="text-xs">
        {state.kind === "done" ? <span className="text-muted-foreground">Up to date.</span> : null}
        {state.kind === "error" ? <span className="text-destructive">{state.message}</span> : null}
      </p>
    </div>
  );
}
