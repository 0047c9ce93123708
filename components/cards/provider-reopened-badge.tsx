import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { REOPENED_AT_PROVIDER } from "@/lib/cards/provider-reopened-label";
import { formatUtcDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

/** Beside the status of a cancelled card: its provider reports it open again, and Cardhub keeps it cancelled. */
export function ProviderReopenedBadge({ since, className }: { since: Date; className?: string }) {
  return (
    <Badge variant="outline" className={cn("border-destructive/50 text-destructive gap-1.5 font-normal", className)} title={`Since ${formatUtcDateTime(since)} UTC`}>
      <TriangleAlert aria-hidden className="size-3" />
      {REOPENED_AT_PROVIDER}
    </Badge>
  );
}
