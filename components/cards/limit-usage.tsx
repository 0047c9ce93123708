import { formatMoney } from "@/lib/format";
import { usagePercent } from "@/lib/usage-percent";
import type { CardModel, CardStatus } from "@/lib/providers/types";
import { cn } from "@/lib/utils";

export type FundsFields = {
  cardModel: CardModel;
  status: CardStatus;
  currency: string;
  balance: bigint | null;
  limitLifetime: bigint | null;
  limitUsed: bigint | null;
};

/**
 * ShareBalance cards spend from the shared account against a lifetime cap: show used / cap as a meter.
 * Prepaid and Standard cards hold their own money: show the balance.
 */
export function LimitUsage({ card, className }: { card: FundsFields; className?: string }) {
  if (card.cardModel !== "sharebalance") {
    return <span className={cn("tabular-nums", className)}>{formatMoney(card.balance, card.currency)}</span>;
  }
  // Unknown is not zero: a provider whose card detail reports no usage (Cardepass v2) gets no meter.
  if (card.limitUsed === null) {
    return (
      <span className={cn("grid gap-0.5", className)}>
        <span className="tabular-nums">{card.limitLifetime === null ? "Unlimited" : `${formatMoney(card.limitLifetime, card.currency)} limit`}</span>
        <span className="text-muted-foreground text-xs">Use not reported by the provider</span>
      </span>
    );
  }
  const used = formatMoney(card.limitUsed, card.currency);
  // A cancelled card spends no more: what it used stays worth knowing, a meter toward its cap does not.
  if (card.limitLifetime === null || card.status === "cancelled") {
    return (
      <span className={cn("grid gap-0.5", className)}>
        <span className="tabular-nums">{used} used</span>
        <span className="text-muted-foreground text-xs">{card.status === "cancelled" ? "Cancelled: spends no more" : "Unlimited"}</span>
      </span>
    );
  }
  const percent = usagePercent(card.limitUsed, card.limitLifetime) ?? 0;
  const limit = formatMoney(card.limitLifetime, card.currency);
  return (
    <span className={cn("grid min-w-36 gap-1", className)}>
      <span className="tabular-nums">
        {used} <span className="text-muted-foreground">used of {limit}</span>
      </span>
      <span
        role="meter"
        aria-label="Limit use"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${used} of ${limit} used (${percent}%)`}
        className="bg-muted block h-1.5 w-full overflow-hidden rounded-full"
      >
        <span
          className={cn("block h-full rounded-full", percent >= 90 ? "bg-destructive" : percent >= 75 ? "bg-warning" : "bg-primary")}
          style={{ width: `${percent}%` }}
        />
      </span>
    </span>
  );
}
