import { AlertTriangle, ShieldCheck } from "lucide-react";
import { AUDIT_WATCH_KINDS, type AuditWatchKind } from "@/db/queries/overview-audit";
import type { VerificationStatus } from "@/lib/audit/verification-status";
import { AUDITOR_DAYS, type AuditorOverview } from "@/lib/overview/load-overview";
import { formatUtcDateTime } from "@/lib/format";
import { OverviewGroup, OverviewPanel, Quiet } from "./overview-panel";
import { RecentAuditEvents } from "./recent-audit-events";

const KIND_TEXT: Record<AuditWatchKind, { title: string; empty: string; filter: string }> = {
  reveals: { title: "Reveals", empty: "Nobody revealed a card number.", filter: "action=card.revealed" },
  denials: { title: "Denials", empty: "Nothing was refused.", filter: "outcome=denied" },
  exports: { title: "Exports", empty: "Nothing was exported.", filter: "" },
};

function VerificationText({ latest, lastIntact }: { latest: VerificationStatus | null; lastIntact: VerificationStatus | null }) {
  if (!latest) return <Quiet>The chain has never been verified. Verify it from the audit log.</Quiet>;
  const when = (run: VerificationStatus) => formatUtcDateTime(new Date(run.finishedAt ?? run.requestedAt));
  const counts = latest.detail === "counts" ? latest : null;
  const kind = latest.kind === "full" ? "Full" : "Incremental";
  switch (latest.status) {
    case "intact":
      return (
        <p className="flex items-start gap-2 text-sm" data-testid="chain-verification">
          <ShieldCheck aria-hidden className="text-success mt-0.5 size-4 shrink-0" />
          <span>
            {kind} verification {when(latest)}: intact{counts && counts.rowCount !== null ? `, ${counts.rowCount.toLocaleString("en-US")} rows checked` : ""}.
          </span>
        </p>
      );
    case "broken":
      return (
        <p className="text-destructive flex items-start gap-2 text-sm font-medium" data-testid="chain-verification">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>
            {kind} verification {when(latest)}: the chain is broken{counts?.firstBadId ? ` at row ${counts.firstBadId}` : ""}
            {counts?.reason ? ` (${counts.reason})` : ""}.
          </span>
        </p>
      );
    case "failed":
      return (
        <p className="text-sm" data-testid="chain-verification">
          {kind} verification {when(latest)} could not finish{counts?.reason ? `: ${counts.reason}` : ""}.
          {lastIntact ? ` The last intact result was ${when(lastIntact)}.` : ""}
        </p>
      );
    default:
      return (
        <p className="text-sm" data-testid="chain-verification">
          {kind} verification requested {formatUtcDateTime(new Date(latest.requestedAt))} is {latest.status}.
          {lastIntact ? ` The last intact result was ${when(lastIntact)}.` : ""}
        </p>
      );
  }
}

export function AuditorOverviewSection({ data }: { data: AuditorOverview }) {
  const from = data.since.toISOString().slice(0, 10);
  return (
    <OverviewGroup id="overview-audit" title={`The last ${AUDITOR_DAYS} days (UTC) in the audit log`}>
      <OverviewPanel id="overview-audit-counts" title="At a glance" className="lg:col-span-2" link={{ href: `/audit?from=${from}`, label: "Audit log" }}>
        <dl className="grid grid-cols-3 gap-4">
          {AUDIT_WATCH_KINDS.map((kind) => (
            <div key={kind} className="grid gap-0.5">
              <dt className="text-muted-foreground text-sm">{KIND_TEXT[kind].title}</dt>
              <dd className="text-2xl font-semibold tabular-nums" data-testid={`audit-${kind}-count`}>
                {data.watch[kind].count}
              </dd>
            </div>
          ))}
        </dl>
        <VerificationText latest={data.latestVerification} lastIntact={data.lastIntact} />
      </OverviewPanel>
      {AUDIT_WATCH_KINDS.map((kind) => (
        <OverviewPanel
          key={kind}
          id={`overview-audit-${kind}`}
          title={kind === "reveals" ? "Card number reveals" : KIND_TEXT[kind].title}
          link={{ href: `/audit?from=${from}${KIND_TEXT[kind].filter ? `&${KIND_TEXT[kind].filter}` : ""}`, label: "See all" }}
          className={kind === "exports" ? "lg:col-span-2" : undefined}
        >
          <RecentAuditEvents rows={data.watch[kind].recent} labels={data.labels} empty={KIND_TEXT[kind].empty} />
        </OverviewPanel>
      ))}
    </OverviewGroup>
  );
}
