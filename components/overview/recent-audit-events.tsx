import Link from "next/link";
import { EventSentence } from "@/components/audit/event-sentence";
import type { AuditLabels } from "@/db/queries/audit-labels";
import type { AuditWatchRow } from "@/db/queries/overview-audit";
import { formatUtcDateTime } from "@/lib/format";
import { Quiet } from "./overview-panel";

/** A few audit rows as sentences, each with its time linking to the event. */
export function RecentAuditEvents({ rows, labels, empty }: { rows: AuditWatchRow[]; labels: AuditLabels; empty: string }) {
  if (rows.length === 0) return <Quiet>{empty}</Quiet>;
  return (
    <ul className="divide-y text-sm">
      {rows.map((row) => (
        <li key={row.id} className="grid gap-0.5 py-2 first:pt-0 last:pb-0">
          <span>
            <EventSentence event={row} labels={labels} />
          </span>
          <Link href={`/audit/${row.id}`} className="text-muted-foreground w-fit text-xs underline-offset-4 hover:underline">
            <time dateTime={row.occurredAt.toISOString()}>{formatUtcDateTime(row.occurredAt)}</time>
          </Link>
        </li>
      ))}
    </ul>
  );
}
