import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { NOT_FOUND_AT_PROVIDER } from "@/lib/cards/provider-missing-label";
import { formatUtcDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

/** Beside the status: the provider answered "card not found" on a sync, so the card's figures are Cardhub's last copy. */
export function ProviderMissingBadge({ since, className }: { since: Date; className?: string }) {
  return (
    <Badge variant="outline" className={cn("border-destructive/50 text-destructive gap-1.5 font-normal", className)} title={`Since ${formatUtcDateTime(since)} UTC`}>
      <TriangleAlert aria-hidden className="size-3" />
      {NOT_FOUND_AT_PROVIDER}
    </Badge>
  );
}
