import { Badge } from "@/components/ui/badge";
import { OUTCOME_LABELS } from "@/lib/audit/outcome-labels";

/** "2025-03-01 14:05:09 UTC": sortable, unambiguous, and the same for every reader whatever their time zone. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function UtcTime({ date }: { date: Date }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {formatUtc(date)}
    </time>
  );
}

/** `label`: how this row's outcome reads (outcomeLabel), when it is not the outcome's own word. */
export function OutcomeBadge({ outcome, label }: { outcome: string; label?: string }) {
  const variant = outcome === "success" ? "secondary" : outcome === "denied" || outcome === "failure" ? "destructive" : "outline";
  return <Badge variant={variant}>{label ?? OUTCOME_LABELS[outcome] ?? outcome}</Badge>;
}

export function actorLabel(email: string | null, userId: string | null): string {
  return email ?? (userId ? `user ${userId}` : "system");
}
