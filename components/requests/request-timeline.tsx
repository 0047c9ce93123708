import type { RequestEventView } from "@/db/queries/requests";
import type { ApproverRole } from "@/db/schema/requests";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { STAND_IN_SENTENCE, tookStepAsFinance } from "@/lib/requests/stand-in";
import { cn } from "@/lib/utils";
import { APPROVER_ROLE_LABELS, EVENT_LABELS } from "./labels";

const CHANGE_LABELS: Record<string, string> = { amount: "amount", perTransactionLimit: "per-transaction limit", lifetimeLimit: "lifetime limit" };

const TONE: Partial<Record<RequestEventView["type"], string>> = {
  approved: "bg-success",
  executed: "bg-success",
  rejected: "bg-destructive",
  failed: "bg-destructive",
  cancelled: "bg-muted-foreground",
};

function title(event: RequestEventView, steps: readonly ApproverRole[]): string {
  if (event.type === "approved" && event.step !== null && steps.length > 1) {
    return `Approved, step ${event.step + 1} of ${steps.length} (${APPROVER_ROLE_LABELS[steps[event.step]!]})`;
  }
  if (event.type === "retried") return `Retried (attempt ${event.step ?? 2})`;
  return EVENT_LABELS[event.type];
}

/** Every step: what happened, who did it (or Cardhub itself), when, what they changed and what they wrote. */
export function RequestTimeline({ events, steps, currency }: { events: RequestEventView[]; steps: readonly ApproverRole[]; currency: string }) {
  return (
    <ol className="grid gap-0" aria-label="Timeline">
      {events.map((event, index) => (
        <li key={event.id} className="grid grid-cols-[1rem_1fr] gap-3">
          <div className="flex flex-col items-center" aria-hidden>
            <span className={cn("mt-1.5 size-2.5 rounded-full", TONE[event.type] ?? "bg-sky-500")} />
            {index < events.length - 1 ? <span className="bg-border w-px flex-1" /> : null}
          </div>
          <div className="grid gap-1 pb-5">
            <p className="text-sm font-medium">{title(event, steps)}</p>
            <p className="text-muted-foreground text-xs">
              {event.actorUserId ? (event.actorName ?? "Someone") : "Cardhub, automatically"} ·{" "}
              <time dateTime={event.createdAt.toISOString()}>{formatUtcDateTime(event.createdAt)}</time>
            </p>
            {tookStepAsFinance(event) ? <p className="text-sm">{STAND_IN_SENTENCE}</p> : null}
            {event.changes
              ? Object.entries(event.changes).map(([field, change]) => (
                  <p key={field} className="text-sm">
                    Lowered the {CHANGE_LABELS[field] ?? field} from {formatMoney(BigInt(change.from), currency)} to{" "}
                    <strong className="font-semibold">{formatMoney(BigInt(change.to), currency)}</strong>.
                  </p>
                ))
              : null}
            {event.comment && event.type !== "created" ? <blockquote className="border-l-2 pl-3 text-sm">{event.comment}</blockquote> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
