import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { REPORTED_LOST_AT_PROVIDER } from "@/lib/cards/reported-lost";
import { cn } from "@/lib/utils";

/** Beside "Frozen": the provider reports the card lost (Card OPEN-API 6 已挂失), so it is not unfrozen here. */
export function ReportedLostBadge({ className }: { className?: string }) {
  return (
    <Badge variant="outline" className={cn("border-destructive/50 text-destructive gap-1.5 font-normal", className)}>
      <TriangleAlert aria-hidden className="size-3" />
      {REPORTED_LOST_AT_PROVIDER}
    </Badge>
  );
}
