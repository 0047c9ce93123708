import { Badge } from "@/components/ui/badge";
import type { LedgerStatus } from "@/db/schema/transactions";
import { cn } from "@/lib/utils";
import { LEDGER_STATUS_LABELS } from "./labels";

const DOT: Record<LedgerStatus, string> = {
  authorised: "bg-warning",
  settled: "bg-success",
  declined: "bg-destructive",
  reversed: "bg-muted-foreground/50",
  expired: "bg-muted-foreground/50",
  refunded: "bg-sky-500",
};

/** The status is always written out; the dot only repeats it for sighted scanning. */
export function TransactionStatusBadge({ status, className }: { status: LedgerStatus; className?: string }) {
  return (
    <Badge variant="outline" className={cn("gap-1.5 font-normal whitespace-nowrap", className)}>
      <span aria-hidden className={cn("size-1.5 rounded-full", DOT[status])} />
      {LEDGER_STATUS_LABELS[status]}
    </Badge>
  );
}
