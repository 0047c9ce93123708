import { Badge } from "@/components/ui/badge";

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

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const variant = outcome === "success" ? "secondary" : outcome === "denied" ? "destructive" : "outline";
  return <Badge variant={variant}>{outcome}</Badge>;
}

function previewValue(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  return JSON.stringify(value);
}

/** A one-line taste of the summary for the table; the row detail shows all of it. */
export function summaryPreview(summary: Record<string, unknown>, max = 80): string {
  const text = Object.entries(summary)
    .map(([key, value]) => `${key}: ${previewValue(value)}`)
    .join(", ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function actorLabel(email: string | null, userId: string | null): string {
  return email ?? (userId ? `user ${userId}` : "system");
}
