import { AlertTriangle, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { AUDIT_WATCH_KINDS, type AuditWatchKind } from "@/db/queries/overview-audit";
import type { AuditAction } from "@/lib/audit/actions";
import { auditSearchString } from "@/lib/audit/search-string";
import type { VerificationStatus } from "@/lib/audit/verification-status";
import { AUDITOR_DAYS, type AuditorOverview } from "@/lib/overview/load-overview";
import { formatUtcDateTime } from "@/lib/format";
import { OverviewGroup, OverviewPanel, Quiet } from "./overview-panel";
import { RecentAuditEvents } from "./recent-audit-events";

const KIND_TEXT: Record<AuditWatchKind, { title: string; empty: string; filter: string }> = {
  reveals: { title: "Reveals", empty: "Nobody revealed a card number.", filter: "action=card.revealed" },
  denials: { title: "Denials", empty: "Nothing was refused.", filter: "outcome=denied" },
  // Linked by ExportLinks: no one filter selects every export.
  exports: { title: "Exports", empty: "Nothing was exported.", filter: "" },
};

/** The events the Exports panel counts (db/queries/overview-audit.ts: every action ending in ".exported"). */
type ExportAction = Extract<AuditAction, `${string}.exported`>;

/**
 * Each export event's own list, in words. The audit log filters on one event at a time, so the panel links to each
 * kind of export rather than to one list of them all; a Record, so a new export event fails to compile until linked.
 */
const EXPORT_LINKS: Record<ExportAction, string> = {
  "transactions.exported": "transactions",
  "statements.exported": "provider statements",
  "audit.exported": "the audit log",
};

/** "See the exports of transactions, provider statements or the audit log.", each linking to that event since `from`. */
function ExportLinks({ from }: { from: string }) {
  const entries = Object.entries(EXPORT_LINKS) as [ExportAction, string][];
  return (
    <>
      See the exports of{" "}
      {entries.map(([action, words], index) => (
        <span key={action}>
          {index === 0 ? "" : index === entries.length - 1 ? " or " : ", "}
          <Link href={`/audit${auditSearchString({ from, action })}`} className="hover:text-foreground underline underline-offset-4">
            {words}
          </Link>
        </span>
      ))}
      .
    </>
  );
}

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
          link={kind === "exports" ? undefined : { href: `/audit?from=${from}&${KIND_TEXT[kind].filter}`, label: "See all" }}
          description={kind === "exports" ? <ExportLinks from={from} /> : undefined}
          className={kind === "exports" ? "lg:col-span-2" : undefined}
        >
          <RecentAuditEvents rows={data.watch[kind].recent} labels={data.labels} empty={KIND_TEXT[kind].empty} />
        </OverviewPanel>
      ))}
    </OverviewGroup>
  );
}
