"use client";

import { lazy, Suspense, useState, useTransition } from "react";
import { ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { verifyAuditChainAction } from "@/lib/actions/audit/verify-audit-chain";
import type { VerificationStatus } from "@/lib/audit/verification-status";

export async function fetchStatus(): Promise<VerificationStatus | null> {
  const response = await fetch("/audit/verification", { cache: "no-store" });
  if (!response.ok) throw new Error("The verification status could not be loaded.");
  return ((await response.json()) as { verification: VerificationStatus | null }).verification;
}

export const active = (status: VerificationStatus | null | undefined) => status?.status === "queued" || status?.status === "running";
// The status's words, drawn on the server with the page and loaded in the browser beside it rather than in its first
// load (first-load JavaScript budget): the server's HTML stays in place until they are in.
const VerificationOutcome = lazy(() => import("./verification-outcome").then((module) => ({ default: module.VerificationOutcome })));
const VerificationFollower = lazy(() => import("./verification-follower").then((module) => ({ default: module.VerificationFollower })));

/**
 * Queues a verification job and follows its progress; the chain is never walked inside this page's request. The
 * follower (polling, with TanStack Query) is loaded only while a check is queued or running.
 */
export function VerifyChainButton({ initial }: { initial: VerificationStatus | null }) {
  const [status, setStatus] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const running = active(status);
  const busy = pending || running;
  const verify = (kind: "incremental" | "full") => {
    if (busy) return;
    startTransition(async () => {
      setError(null);
      const outcome = await verifyAuditChainAction({ kind });
      if (!outcome.ok) setError(outcome.error.message);
      try {
        setStatus(await fetchStatus());
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : "The verification status could not be loaded.");
      }
    });
  };

  return (
    <div className="flex flex-col items-start gap-2">
      <div className="flex gap-2">
        {/* Not `disabled` while a check is asked for or runs: a disabled button drops keyboard focus to the page's <body>. */}
        <Button type="button" variant="outline" onClick={() => verify("incremental")} aria-disabled={busy || undefined} aria-busy={busy} className="aria-disabled:opacity-50">
          <ShieldCheck aria-hidden />
          {running ? "Verifying…" : "Verify chain"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => verify("full")} aria-disabled={busy || undefined} aria-busy={busy} className="aria-disabled:opacity-50">
          Full check
        </Button>
      </div>
      {status && running ? (
        <Suspense fallback={null}>
          <VerificationFollower initial={status} onStatus={setStatus} />
        </Suspense>
      ) : null}
      <div role="status" aria-live="polite" className="max-w-md text-sm">
        {status ? (
          <Suspense fallback={null}>
            <VerificationOutcome status={status} running={running} />
          </Suspense>
        ) : null}
        {error ? <span className="text-destructive">{error}</span> : null}
      </div>
    </div>
  );
}
