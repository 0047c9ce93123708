"use client";

import { useState, useTransition } from "react";
import { ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { verifyAuditChainAction } from "@/lib/actions/audit/verify-audit-chain";
import type { ChainVerification } from "@/lib/audit/verify";

type State = { kind: "idle" } | { kind: "done"; result: ChainVerification } | { kind: "error"; message: string };

export function VerifyChainButton() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [pending, startTransition] = useTransition();

  const verify = () =>
    startTransition(async () => {
      const outcome = await verifyAuditChainAction({});
      setState(outcome.ok ? { kind: "done", result: outcome.data } : { kind: "error", message: outcome.error.message });
    });

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <Button type="button" variant="outline" onClick={verify} disabled={pending} aria-busy={pending}>
        <ShieldCheck aria-hidden />
        {pending ? "Verifying…" : "Verify chain"}
      </Button>
      <p role="status" aria-live="polite" className="text-sm">
        {state.kind === "done" && state.result.ok ? (
          <span className="text-emerald-700 dark:text-emerald-400">Chain intact: {state.result.checked} rows checked.</span>
        ) : null}
        {state.kind === "done" && !state.result.ok ? (
          <span className="text-destructive font-medium">
            Chain broken at row {state.result.firstBadId}: {state.result.reason}.
          </span>
        ) : null}
        {state.kind === "error" ? <span className="text-destructive">{state.message}</span> : null}
      </p>
    </div>
  );
}
