import type { VerificationStatus } from "@/lib/audit/verification-status";
import { formatUtcDateTime } from "@/lib/format";

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

/** What the chain verification button says of the latest check: its progress while it runs, else its outcome. */
export function VerificationOutcome({ status, running }: { status: VerificationStatus; running: boolean }) {
  return running ? <Progress status={status} /> : <Outcome status={status} />;
}
