import { Badge } from "@/components/ui/badge";
import type { ApproverRole, RequestStatus } from "@/db/schema/requests";
import { cn } from "@/lib/utils";
import { statusText } from "./labels";

const DOT: Record<RequestStatus, string> = {
  pending: "bg-warning",
  approved: "bg-sky-500",
  executing: "bg-sky-500",
  done: "bg-success",
  failed: "bg-destructive",
  rejected: "bg-destructive",
  cancelled: "bg-muted-foreground/50",
};

/** The status in words (with whom a pending request waits for); the dot only repeats it. */
export function RequestStatusBadge({
  status,
  awaiting,
  financeStandsIn = false,
  waitingOnCard = false,
  className,
}: {
  status: RequestStatus;
  awaiting: ApproverRole | null;
  financeStandsIn?: boolean;
  /** Held back by another change to its card, nothing sent (lib/requests/waiting-on-card.ts). */
  waitingOnCard?: boolean;
  className?: string;
}) {
  return (
    <Badge variant="outline" className={cn("gap-1.5 font-normal", className)}>
      <span aria-hidden className={cn("size-1.5 rounded-full", DOT[status])} />
      {statusText(status, awaiting, financeStandsIn, waitingOnCard)}
    </Badge>
  );
}
