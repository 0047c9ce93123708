import { AlertTriangle } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import type { LowBalance } from "@/db/queries/low-balance";
import { formatMoney } from "@/lib/format";
import { lowBalanceAvailable } from "@/lib/funding/low-balance-text";

/**
 * An account's funding below the thresholds an administrator set, one alert per currency, or per segment where the
 * provider funds each segment apart (NobePay), above its sources on /funding.
 */
export function LowBalanceWarnings({ low }: { low: LowBalance[] }) {
  return low.map((item) => {
    const subject = item.sourceLabel === null ? item.currency : `Segment ${item.sourceLabel}`;
    const available = item.availableMinor === null ? "the provider reports no balance" : lowBalanceAvailable(item);
    return (
      <Alert key={`${item.currency}:${item.scope}`} className="border-warning/60 flex gap-2">
        <AlertTriangle aria-hidden className="text-warning mt-0.5 size-4 shrink-0" />
        <p className="min-w-0 break-words">
          <span className="font-medium">{subject} is below its low-balance threshold</span>
          {` of ${formatMoney(item.thresholdMinor, item.currency)}: ${available}.`}
        </p>
      </Alert>
    );
  });
}
