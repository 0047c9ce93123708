import { Badge } from "@/components/ui/badge";
import type { CardStatus } from "@/lib/providers/types";
import { cn } from "@/lib/utils";
import { STATUS_LABELS } from "./status-labels";

const DOT: Record<CardStatus, string> = {
  active: "bg-success",
  frozen: "bg-sky-500",
  pending: "bg-warning",
  inactive: "bg-muted-foreground",
  cancelling: "bg-warning",
  cancelled: "bg-muted-foreground/50",
  expired: "bg-muted-foreground/50",
  failed: "bg-destructive",
  unknown: "bg-muted-foreground",
};

/** The status is always written out; the dot only repeats it for sighted scanning. */
export function CardStatusBadge({ status, className }: { status: CardStatus; className?: string }) {
  return (
    <Badge variant="outline" className={cn("gap-1.5 font-normal", className)}>
      <span aria-hidden className={cn("size-1.5 rounded-full", DOT[status])} />
      {STATUS_LABELS[status]}
    </Badge>
  );
}
