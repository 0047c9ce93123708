import { formatUtcDate, formatUtcDateTime } from "@/lib/format";

/** The date, with the exact time (UTC) on hover and for screen readers. */
export function CreatedAt({ date }: { date: Date }) {
  const full = formatUtcDateTime(date);
  return (
    <time dateTime={date.toISOString()} title={full} className="whitespace-nowrap tabular-nums">
      {formatUtcDate(date)}
      <span className="sr-only">, {full.slice(11)}</span>
    </time>
  );
}
