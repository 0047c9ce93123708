"use client";

import { lazy, Suspense, useState, useTransition } from "react";
import { ShieldCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { verifyAuditChainAction } from "@/lib/actions/audit/verify-audit-chain";
import type { VerificationStatus } from "@/lib/audit/verification-status";
import { formatUtcDateTime } from "@/lib/format";

export async function fetchStatus(): Promise<VerificationStatus | null> {
  const response = await fetch("/audit/verification", { cache: "no-store" });
  if (!response.ok) throw new Error("The verification status could not be loaded.");
  return ((await response.json()) as { verification: VerificationStatus | null }).verification;
}

export const active = (status: VerificationStatus | null | undefined) => status?.status === "queued" || status?.status === "running";
const count = (value: number) => value.toLocaleString("en-US");

const utc = (iso: string | null) => (iso ? formatUtcDateTime(new Date(iso)) : "");

function Progress({ status }: { status: VerificationStatus }) {
  const waiting = status.status === "queued";
  if (status.detail === "outcome") {
    // No value at all: even a percentage is a ratio of rows, and the chain holds every organisation's rows.
    const state = waiting ? "Waiting for the worker" : "Checking the chain";
    return (
      <div className="grid w-56 max-w-full gap-1">
        <div role="progressbar" aria-label="Chain verification" aria-valuetext={state} className="bg-muted h-2 overflow-hidden rounded-full">
          <div className="bg-primary/60 h-full w-full motion-safe:animate-pulse" />
        </div>
        <span className="text-muted-foreground text-xs">{state}…</span>
      </div>
    );
  }
  const total = status.totalRows ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((status.checkedRows / total) * 100)) : 0;
  return (
    <div className="grid w-56 max-w-full gap-1">
      <div
        role="progressbar"
        aria-label="Chain verification"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="bg-muted h-2 overflow-hidden rounded-full"
      >
        <div className="bg-primary h-full transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span className="text-muted-foreground text-xs">
        {waiting ? "Waiting for the worker…" : `${count(status.checkedRows)} of ${count(total)} rows checked`}
      </span>
    </div>
  );
}

/** The outcome without counts, row ids or reasons: what a member of one of several organisations may see. */
function OutcomeOnly({ status }: { status: VerificationStatus }) {
  const when = utc(status.finishedAt);
  if (status.status === "intact") {
    return (
      <span className="text-emerald-700 dark:text-emerald-400">
        {status.wholeChain ? `Chain intact: every row checked (${when}).` : `Chain intact: the rows added since the last check follow on from it (${when}).`}
      </span>
    );
  }
  if (status.status === "broken") {
    return (
      <span className="text-destructive font-medium">
        Chain broken ({when}). The chain is shared by every organisation on this installation, so where it breaks is shown only to its installation operators.
      </span>
    );
  }
  if (status.status === "failed") {
    return <span className="text-destructive">The last check could not finish ({when}). Try again; the installation operators can see why it stopped.</span>;
  }
  return null;
}

function Outcome({ status }: { status: VerificationStatus }) {
  if (status.detail === "outcome") return <OutcomeOnly status={status} />;
  const when = utc(status.finishedAt);
  if (status.status === "intact") {
    const rows = `${count(status.checkedRows)} ${status.checkedRows === 1 ? "row" : "rows"}`;
    return (
      <span className="text-emerald-700 dark:text-emerald-400">
        {status.wholeChain ? `Chain intact: every row checked (${rows}, ${when}).` : `Chain intact: the ${rows} added since the last check follow on from it (${when}).`}
      </span>
    );
  }
  if (status.status === "broken") {
    return (
      <span className="text-destructive font-medium">
        Chain broken{status.firstBadId ? ` at row ${status.firstBadId}` : ""}: {status.reason}.
      </span>
    );
  }
  if (status.status === "failed") return <span className="text-destructive">The last check could not finish: {status.reason}</span>;
  return null;
}

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
        {status && running ? <Progress status={status} /> : null}
        {status && !running ? <Outcome status={status} /> : null}
        {error ? <span className="text-destructive">{error}</span> : null}
      </div>
    </div>
  );
}
