import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { formatUtcDateTime } from "@/lib/format";
import { BACKGROUND_SYNC_LABELS, isFailing } from "@/lib/provider-accounts/background-sync";

/** An account's background reads besides the card sync: when each last worked, and the provider's words when not. */
export function BackgroundSyncList({ reads }: { reads: readonly BackgroundSyncHealth[] }) {
  if (reads.length === 0) return <p className="text-muted-foreground">Nothing read yet.</p>;
  return (
    <ul className="grid gap-1">
      {reads.map((read) => (
        <li key={read.kind} className={isFailing(read) ? "text-destructive" : undefined}>
          <span className="font-medium">{BACKGROUND_SYNC_LABELS[read.kind]}:</span>{" "}
          {isFailing(read) ? (
            <>
              failed {formatUtcDateTime(read.lastErrorAt!)}: {(read.lastError ?? "no reason given").replace(/[.\s]+$/, "")}.{" "}
              {read.lastSuccessAt ? `Last good read ${formatUtcDateTime(read.lastSuccessAt)}.` : "Never read yet."}
            </>
          ) : read.lastSuccessAt ? (
            `read ${formatUtcDateTime(read.lastSuccessAt)}`
          ) : (
            "not read yet"
          )}
        </li>
      ))}
    </ul>
  );
}
